package io.tagpulse.local;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LocalPipelineOptionsTests {

    @Test
    void shouldKnowOptionsOfThisJvmAndNoOthers() {
        assertThat(LocalPipeline.jvmKnowsOption("UseSerialGC")).isTrue();
        assertThat(LocalPipeline.jvmKnowsOption("NoSuchOptionAnywhere")).isFalse();
    }

    @Test
    void shouldGiveEveryAppASmallSerialHeapAndTrimNativeMemoryWhereTheJvmCan() {
        var jvm = LocalPipeline.Options.defaults(Path.of("home"), Path.of("work")).appJvmOptions();

        assertThat(jvm).contains("-Xmx128m", "-XX:+UseSerialGC");
        assertThat(jvm.contains("-XX:TrimNativeHeapInterval=5000"))
            .isEqualTo(LocalPipeline.jvmKnowsOption("TrimNativeHeapInterval"));
    }
}

package io.tagpulse.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PathRuleTests {

    @Test
    void shouldCoverThePrefixItsSubpathsAndMatrixParametersButNotLongerNames() {
        PathRule posts = PathRule.under("/posts");

        assertThat(posts).accepts("/posts", "/posts/", "/posts/1", "/posts;a=b");
        assertThat(posts).rejects("/postsX", "/post", "/", "/api/posts");
    }

    @Test
    void shouldLeaveOutExemptPrefixes() {
        PathRule all = PathRule.under("/").except("/actuator/");

        assertThat(all).accepts("/", "/index.html", "/api/tags/top", "/actuatorX");
        assertThat(all).rejects("/actuator", "/actuator/health", "/actuator/prometheus");
    }
}

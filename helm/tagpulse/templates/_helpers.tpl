{{/*
Names and labels. Every template of an app is called with (dict "root" $ "name" "<app>"), where <app> is one of
source, filter, processor, counter, sink, dashboard: the keys of the app blocks in values.yaml.
*/}}

{{- define "tagpulse.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "tagpulse.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "tagpulse.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "tagpulse.selectorLabels" -}}
app.kubernetes.io/name: {{ include "tagpulse.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "tagpulse.labels" -}}
helm.sh/chart: {{ include "tagpulse.chart" . }}
{{ include "tagpulse.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: tagpulse
{{- end -}}

{{/* The name of an app's objects: <fullname>-<app>. */}}
{{- define "tagpulse.componentFullname" -}}
{{- printf "%s-%s" (include "tagpulse.fullname" .root) .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "tagpulse.componentSelectorLabels" -}}
{{ include "tagpulse.selectorLabels" .root }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{- define "tagpulse.componentLabels" -}}
{{ include "tagpulse.labels" .root }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{/*
What the chart knows about each app: the port it listens on, the key of the input topic it reads in a consumer group
(none for the source, which reads no topic, and the dashboard, which reads every partition in every replica), its
consumer group (the Kafka Streams application id for the filter and the counter), whether it keeps local state,
whether it serves HTTP traffic from outside.
*/}}
{{- define "tagpulse.apps" -}}
source filter processor counter sink dashboard
{{- end -}}

{{- define "tagpulse.appPort" -}}
{{- get (dict "source" "8081" "filter" "8082" "processor" "8083" "counter" "8084" "sink" "8085" "dashboard" "8080") . -}}
{{- end -}}

{{- define "tagpulse.inputTopicKey" -}}
{{- get (dict "source" "" "filter" "posts" "processor" "filteredPosts" "counter" "hashtags" "sink" "hashtagCounts" "dashboard" "") . -}}
{{- end -}}

{{- define "tagpulse.servesHttp" -}}
{{- if has . (list "source" "dashboard") }}true{{ end -}}
{{- end -}}

{{- define "tagpulse.usesDatabase" -}}
{{- if has . (list "sink" "dashboard") }}true{{ end -}}
{{- end -}}

{{/* The database URL the dashboard reads with: PostgreSQL's driver enforces read-only with readOnlyMode=always. */}}
{{- define "tagpulse.readOnlyDatabaseUrl" -}}
{{- $url := .Values.database.url -}}
{{- printf "%s%sreadOnlyMode=always" $url (ternary "&" "?" (contains "?" $url)) -}}
{{- end -}}

{{- define "tagpulse.consumerGroup" -}}
{{- printf "%s-%s" .root.Values.global.streamName .name -}}
{{- end -}}

{{- define "tagpulse.isStateful" -}}
{{- if has . (list "filter" "counter") }}true{{ end -}}
{{- end -}}

{{/* A topic's name by its key in topics.names; the stream-derived ones default to <streamName>.<suffix>. */}}
{{- define "tagpulse.topic" -}}
{{- $names := .root.Values.topics.names -}}
{{- $defaults := dict "filterRules" "filter-rules" "lateMentions" "late-mentions" "trends" "trends" "trendModeration" "trend-moderation" -}}
{{- $name := get $names .key -}}
{{- if and (not $name) (hasKey $defaults .key) -}}
{{- printf "%s.%s" .root.Values.global.streamName (get $defaults .key) -}}
{{- else -}}
{{- $name -}}
{{- end -}}
{{- end -}}

{{- define "tagpulse.topicKeys" -}}
posts filteredPosts hashtags hashtagCounts deadLetter filterRules lateMentions trends trendModeration
{{- end -}}

{{/* image: (dict "root" $ "image" <image block>) -> [registry/]repository:tag */}}
{{- define "tagpulse.image" -}}
{{- $g := .root.Values.global -}}
{{- $tag := .image.tag | default $g.imageTag | default .root.Chart.AppVersion -}}
{{- if $g.imageRegistry -}}
{{- printf "%s/%s:%s" $g.imageRegistry .image.repository $tag -}}
{{- else -}}
{{- printf "%s:%s" .image.repository $tag -}}
{{- end -}}
{{- end -}}

{{/* Secrets: the chart's own, or an existing one named in the values. */}}
{{- define "tagpulse.kafkaSasl" -}}
{{- if hasPrefix "SASL_" .Values.kafka.securityProtocol }}true{{ end -}}
{{- end -}}

{{- define "tagpulse.kafkaTls" -}}
{{- if and (has .Values.kafka.securityProtocol (list "SSL" "SASL_SSL")) .Values.kafka.tls.caSecret }}true{{ end -}}
{{- end -}}

{{- define "tagpulse.kafkaSecretName" -}}
{{- .Values.kafka.sasl.existingSecret | default (printf "%s-kafka-sasl" (include "tagpulse.fullname" .)) -}}
{{- end -}}

{{- define "tagpulse.createKafkaSecret" -}}
{{- if and (include "tagpulse.kafkaSasl" .) (not .Values.kafka.sasl.existingSecret) }}true{{ end -}}
{{- end -}}

{{/* The Secret holding the trend alerts' webhook URL and signing secret; empty when alerts are off. */}}
{{- define "tagpulse.alertsSecretName" -}}
{{- $a := .Values.trends.alerts -}}
{{- if $a.existingSecret -}}
{{- $a.existingSecret -}}
{{- else if $a.webhookUrl -}}
{{- printf "%s-alerts" (include "tagpulse.fullname" .) -}}
{{- end -}}
{{- end -}}

{{/* The Secret holding the source's and the dashboard's tokens; empty when auth is off. */}}
{{- define "tagpulse.tokensSecretName" -}}
{{- if .Values.auth.enabled -}}
{{- .Values.auth.existingSecret | default (printf "%s-tokens" (include "tagpulse.fullname" .)) -}}
{{- end -}}
{{- end -}}

{{/* The token environment variable of an app and its key in the tokens Secret, as "VARIABLE key"; empty for apps
without an HTTP door. */}}
{{- define "tagpulse.tokenEnv" -}}
{{- if eq .name "source" -}}
TAGPULSE_SOURCE_TOKEN {{ .root.Values.auth.sourceTokenKey }}
{{- else if eq .name "dashboard" -}}
TAGPULSE_DASHBOARD_API_TOKEN {{ .root.Values.auth.dashboardTokenKey }}
{{- end -}}
{{- end -}}

{{- define "tagpulse.databaseSecretName" -}}
{{- if .Values.database.password -}}
{{- printf "%s-database" (include "tagpulse.fullname" .) -}}
{{- else -}}
{{- .Values.database.existingSecret -}}
{{- end -}}
{{- end -}}

{{- define "tagpulse.databasePasswordKey" -}}
{{- if .Values.database.password }}SPRING_DATASOURCE_PASSWORD{{ else }}{{ .Values.database.existingSecretPasswordKey }}{{ end -}}
{{- end -}}

{{/* Kafka client settings shared by every app and Job, as a YAML map: security protocol, SASL, the CA. */}}
{{- define "tagpulse.kafkaClientConfig" -}}
{{- $k := .Values.kafka -}}
{{- $c := dict -}}
{{- if ne $k.securityProtocol "PLAINTEXT" -}}
{{- $_ := set $c "security.protocol" $k.securityProtocol -}}
{{- end -}}
{{- if include "tagpulse.kafkaSasl" . -}}
{{- $module := ternary "org.apache.kafka.common.security.plain.PlainLoginModule" "org.apache.kafka.common.security.scram.ScramLoginModule" (eq $k.sasl.mechanism "PLAIN") -}}
{{- $_ := set $c "sasl.mechanism" $k.sasl.mechanism -}}
{{- /* Spring resolves the placeholders from the environment, which takes them from the Secret. */ -}}
{{- $_ := set $c "sasl.jaas.config" (printf "%s required username=\"${KAFKA_SASL_USERNAME}\" password=\"${KAFKA_SASL_PASSWORD}\";" $module) -}}
{{- end -}}
{{- if include "tagpulse.kafkaTls" . -}}
{{- $_ := set $c "ssl.truststore.type" "PEM" -}}
{{- $_ := set $c "ssl.truststore.location" (printf "/etc/tagpulse/kafka-ca/%s" $k.tls.caKey) -}}
{{- end -}}
{{- if $c }}{{ toYaml $c }}{{ end -}}
{{- end -}}

{{/*
The chart's settings of one app, in Spring Boot YAML: the stream name, the brokers, partitions and replication of the
topics the binders create, the topics of its bindings, its consumer group, the dead-letter topic, its state
directory, the database. The app's `config` block is rendered after this in the same file, so it wins.
*/}}
{{- define "tagpulse.chartConfig" -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
{{- $name := .name -}}
{{- $client := include "tagpulse.kafkaClientConfig" $root -}}
{{- $t := dict -}}
{{- range $key := splitList " " (include "tagpulse.topicKeys" $root) -}}
{{- $_ := set $t $key (include "tagpulse.topic" (dict "root" $root "key" $key)) -}}
{{- end -}}
spring:
  cloud:
    dataflow:
      stream:
        # The apps name their stream-derived topics and Kafka Streams application ids after it.
        name: {{ $v.global.streamName | quote }}
    stream:
      kafka:
        binder:
          brokers: {{ $v.kafka.bootstrapServers | quote }}
          min-partition-count: {{ $v.topics.partitions }}
          replication-factor: {{ $v.topics.replicationFactor }}
          # Every producer waits for all in-sync replicas (min.insync.replicas below).
          required-acks: all
          {{- if $client }}
          configuration:
            {{- $client | nindent 12 }}
          {{- end }}
        # Topics the binder creates take a write only while topics.minInsyncReplicas replicas have it.
        default:
          producer:
            topic:
              properties:
                min.insync.replicas: {{ $v.topics.minInsyncReplicas | quote }}
          consumer:
            topic:
              properties:
                min.insync.replicas: {{ $v.topics.minInsyncReplicas | quote }}
        streams:
          binder:
            brokers: {{ $v.kafka.bootstrapServers | quote }}
            min-partition-count: {{ $v.topics.partitions }}
            replication-factor: {{ $v.topics.replicationFactor }}
            configuration:
              # Internal topics (changelogs, repartitions) get the same replication as the pipeline's.
              replication.factor: {{ $v.topics.replicationFactor | quote }}
              topic.min.insync.replicas: {{ $v.topics.minInsyncReplicas | quote }}
              {{- if include "tagpulse.isStateful" $name }}
              state.dir: /var/lib/tagpulse/state
              {{- end }}
              {{- if $client }}
              {{- $client | nindent 14 }}
              {{- end }}
        {{- if has $name (list "processor" "sink") }}
        bindings:
          input:
            consumer:
              dlq-name: {{ $t.deadLetter | quote }}
          {{- if eq $name "sink" }}
          trends:
            consumer:
              dlq-name: {{ $t.deadLetter | quote }}
          moderation:
            consumer:
              dlq-name: {{ $t.deadLetter | quote }}
          {{- end }}
        {{- else if eq $name "counter" }}
          bindings:
            input:
              consumer:
                dlq-name: {{ $t.deadLetter | quote }}
            moderation:
              consumer:
                dlq-name: {{ $t.deadLetter | quote }}
        {{- end }}
      bindings:
        {{- if eq $name "source" }}
        output:
          destination: {{ $t.posts | quote }}
        {{- else if eq $name "filter" }}
        input:
          destination: {{ $t.posts | quote }}
        rules:
          destination: {{ $t.filterRules | quote }}
        output:
          destination: {{ $t.filteredPosts | quote }}
        {{- else if eq $name "processor" }}
        input:
          destination: {{ $t.filteredPosts | quote }}
          group: {{ include "tagpulse.consumerGroup" . | quote }}
        output:
          destination: {{ $t.hashtags | quote }}
        {{- else if eq $name "counter" }}
        input:
          destination: {{ $t.hashtags | quote }}
        output:
          destination: {{ $t.hashtagCounts | quote }}
        late:
          destination: {{ $t.lateMentions | quote }}
        trends:
          destination: {{ $t.trends | quote }}
        # Read whole as a global table by every instance: no consumer group.
        moderation:
          destination: {{ $t.trendModeration | quote }}
        {{- else if eq $name "sink" }}
        input:
          destination: {{ $t.hashtagCounts | quote }}
          group: {{ include "tagpulse.consumerGroup" . | quote }}
        # The counter's trends, which the sink stores, and the moderation decisions, which it records.
        trends:
          destination: {{ $t.trends | quote }}
          group: {{ include "tagpulse.consumerGroup" . | quote }}
        moderation:
          destination: {{ $t.trendModeration | quote }}
          group: {{ include "tagpulse.consumerGroup" . | quote }}
        # The trends again, in a group of their own: a slow webhook never holds up storing them.
        alerts:
          destination: {{ $t.trends | quote }}
          group: {{ printf "%s-alerts" (include "tagpulse.consumerGroup" .) | quote }}
        {{- else if eq $name "dashboard" }}
        # Followed live, without a consumer group: every replica reads every partition from the end.
        input:
          destination: {{ $t.hashtagCounts | quote }}
        trends:
          destination: {{ $t.trends | quote }}
        # Where its moderators' decisions go, for the counter and the sink.
        moderation:
          destination: {{ $t.trendModeration | quote }}
        {{- end }}
{{- if eq $name "sink" }}
  datasource:
    url: {{ $v.database.url | quote }}
    username: {{ $v.database.username | quote }}
    # The password comes from the environment (SPRING_DATASOURCE_PASSWORD, from a Secret).
{{- else if eq $name "dashboard" }}
  datasource:
    # The sink's database, read only: a pool of its own (read-only connections), enforced by PostgreSQL's driver.
    url: {{ include "tagpulse.readOnlyDatabaseUrl" $root | quote }}
    username: {{ $v.database.username | quote }}
    # The password comes from the environment (SPRING_DATASOURCE_PASSWORD, from a Secret).
{{- end }}
{{- if eq $name "filter" }}
tagpulse:
  filter:
    dead-letter-topic: {{ $t.deadLetter | quote }}
{{- else if eq $name "counter" }}
{{- $tr := $v.trends }}
tagpulse:
  counter:
    trend:
      short-horizon: {{ $tr.shortHorizon | quote }}
      long-horizon: {{ $tr.longHorizon | quote }}
      warm-up: {{ $tr.warmUp | quote }}
      min-mentions: {{ $tr.minMentions }}
      min-authors: {{ $tr.minAuthors }}
      scopes: {{ $tr.scopes | toJson }}
      block-list: {{ $tr.blockList | toJson }}
{{- else if eq $name "sink" }}
tagpulse:
  sink:
    alerts:
      # The webhook URL and the signing secret come from the environment (TAGPULSE_SINK_ALERTS_*, from a Secret).
      dashboard-url: {{ $v.trends.alerts.dashboardUrl | quote }}
{{- end }}
{{- end -}}

{{/* The whole application.yaml of an app: the chart's settings, then the app's config block, which overrides them. */}}
{{- define "tagpulse.applicationYaml" -}}
# Rendered by the Tagpulse chart. Spring Boot reads the documents in order: later ones override earlier ones.
{{ include "tagpulse.chartConfig" . }}
{{- $m := index .root.Values .name }}
{{- if $m.config }}
---
# {{ .name }}.config from the release's values
{{ toYaml $m.config }}
{{- end }}
{{- end -}}

{{/*
validateValues: every rule that crosses values (the schema covers keys and types). Fails once, listing every problem.
*/}}
{{- define "tagpulse.validateValues" -}}
{{- $v := .Values -}}
{{- $errors := list -}}
{{- if not (regexMatch "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$" $v.global.streamName) -}}
{{- $errors = append $errors (printf "global.streamName %q must be lower-case letters, digits and '-' (it names topics and consumer groups)" $v.global.streamName) -}}
{{- end -}}
{{- if not (trim $v.kafka.bootstrapServers) -}}
{{- $errors = append $errors "kafka.bootstrapServers must be set (host:port[,host:port...])" -}}
{{- end -}}
{{- if and (include "tagpulse.kafkaSasl" .) (not $v.kafka.sasl.existingSecret) (or (not $v.kafka.sasl.username) (not $v.kafka.sasl.password)) -}}
{{- $errors = append $errors (printf "kafka.securityProtocol is %s: set kafka.sasl.username and kafka.sasl.password, or kafka.sasl.existingSecret" $v.kafka.securityProtocol) -}}
{{- end -}}
{{- if and (or $v.sink.enabled $v.dashboard.enabled $v.dataflow.enabled) (not $v.database.password) (not $v.database.existingSecret) -}}
{{- $errors = append $errors "the sink and the dashboard need a database password: set database.password, or database.existingSecret (and database.existingSecretPasswordKey)" -}}
{{- end -}}
{{- if and $v.dataflow.enabled (not $v.database.password) (ne $v.database.existingSecretPasswordKey "SPRING_DATASOURCE_PASSWORD") -}}
{{- $errors = append $errors (printf "dataflow.enabled: Data Flow passes database.existingSecret to the sink whole (secret-refs), so its password key must be SPRING_DATASOURCE_PASSWORD, not %q" $v.database.existingSecretPasswordKey) -}}
{{- end -}}
{{- if and $v.dataflow.enabled (include "tagpulse.kafkaTls" .) -}}
{{- $errors = append $errors "dataflow.enabled with kafka.tls.caSecret: give the Data Flow server's stream apps the CA through its own deployer settings; the chart passes only brokers, SASL and the database" -}}
{{- end -}}
{{- if and $v.dataflow.enabled (not $v.dataflow.serverUri) -}}
{{- $errors = append $errors "dataflow.enabled: set dataflow.serverUri to the Data Flow server's URL" -}}
{{- end -}}
{{- if and (not $v.auth.enabled) (not $v.auth.acknowledgeOpenAccess) -}}
{{- $errors = append $errors "auth.enabled is false: anyone who can reach the source could post and anyone who can reach the dashboard could read and moderate; set auth.acknowledgeOpenAccess=true as well if that is really what you want" -}}
{{- end -}}
{{- range $name := list "source" "dashboard" -}}
{{- $var := first (splitList " " (include "tagpulse.tokenEnv" (dict "root" $ "name" $name))) -}}
{{- range (index $v $name).extraEnv -}}
{{- if and $v.auth.enabled (eq .name $var) -}}
{{- $errors = append $errors (printf "%s.extraEnv sets %s, which auth.enabled already sets from the tokens Secret: give your Secret as auth.existingSecret instead" $name $var) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- if and $v.auth.enabled $v.auth.acknowledgeOpenAccess -}}
{{- $errors = append $errors "auth.acknowledgeOpenAccess is true but auth.enabled is true too: set auth.enabled=false to open the doors, or drop acknowledgeOpenAccess" -}}
{{- end -}}
{{- if gt (int $v.topics.minInsyncReplicas) (int $v.topics.replicationFactor) -}}
{{- $errors = append $errors (printf "topics.minInsyncReplicas is %d but topics.replicationFactor is %d: no write could ever be acknowledged" (int $v.topics.minInsyncReplicas) (int $v.topics.replicationFactor)) -}}
{{- end -}}
{{- $partitions := int $v.topics.partitions -}}
{{- range $name := splitList " " (include "tagpulse.apps" $) -}}
{{- $m := index $v $name -}}
{{- $input := include "tagpulse.inputTopicKey" $name -}}
{{- if and $m.autoscaling.enabled $m.autoscaling.httpRequests $m.autoscaling.httpRequests.enabled (not (include "tagpulse.servesHttp" $name)) -}}
{{- $errors = append $errors (printf "%s.autoscaling.httpRequests.enabled: the %s serves no HTTP traffic to scale on (only the source and the dashboard do); scale it on CPU or lag" $name $name) -}}
{{- end -}}
{{- if and (eq $name "dashboard") $m.autoscaling.kafkaLag.enabled -}}
{{- $errors = append $errors "dashboard.autoscaling.kafkaLag.enabled: the dashboard reads every partition in every replica, in no consumer group, so there is no lag to scale on; scale it on HTTP requests (autoscaling.httpRequests) or CPU" -}}
{{- else if $input -}}
{{- if gt (int $m.replicaCount) $partitions -}}
{{- $errors = append $errors (printf "%s.replicaCount is %d but its input topic has %d partitions (topics.partitions): replicas beyond the partition count stay idle" $name (int $m.replicaCount) $partitions) -}}
{{- end -}}
{{- if and $m.autoscaling.enabled (gt (int $m.autoscaling.maxReplicas) $partitions) -}}
{{- $errors = append $errors (printf "%s.autoscaling.maxReplicas is %d but its input topic has %d partitions (topics.partitions): replicas beyond the partition count stay idle" $name (int $m.autoscaling.maxReplicas) $partitions) -}}
{{- end -}}
{{- else if $m.autoscaling.kafkaLag.enabled -}}
{{- $errors = append $errors (printf "%s.autoscaling.kafkaLag.enabled: the %s consumes no topic; scale it on CPU" $name $name) -}}
{{- end -}}
{{- if and $m.autoscaling.enabled (gt (int $m.autoscaling.minReplicas) (int $m.autoscaling.maxReplicas)) -}}
{{- $errors = append $errors (printf "%s.autoscaling.minReplicas (%d) must not exceed %s.autoscaling.maxReplicas (%d)" $name (int $m.autoscaling.minReplicas) $name (int $m.autoscaling.maxReplicas)) -}}
{{- end -}}
{{- if and $m.autoscaling.kafkaLag.enabled (not $m.autoscaling.enabled) -}}
{{- $errors = append $errors (printf "%s.autoscaling.kafkaLag.enabled needs %s.autoscaling.enabled (its min/max replicas and CPU target)" $name $name) -}}
{{- end -}}
{{- if and $m.persistence.enabled (not (include "tagpulse.isStateful" $name)) -}}
{{- $errors = append $errors (printf "%s.persistence.enabled: only the Kafka Streams apps (filter, counter) keep local state" $name) -}}
{{- end -}}
{{- end -}}
{{- if $errors -}}
{{- fail (printf "\n\nTagpulse: %d problem(s) in the values:\n  - %s\n" (len $errors) (join "\n  - " $errors)) -}}
{{- end -}}
{{- end -}}

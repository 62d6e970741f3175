{{/*
The objects every app has, each a named template called with (dict "root" $ "name" "<app>") from
templates/<app>/*.yaml. None renders in Data Flow mode, where the Data Flow server deploys the apps.
*/}}

{{- define "tagpulse.configmap" -}}
{{- $m := index .root.Values .name -}}
{{- if and $m.enabled (not .root.Values.dataflow.enabled) -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "tagpulse.componentFullname" . }}
  labels:
    {{- include "tagpulse.componentLabels" . | nindent 4 }}
data:
  application.yaml: |
    {{- include "tagpulse.applicationYaml" . | nindent 4 }}
{{- end -}}
{{- end -}}

{{/* Deployment, or a StatefulSet with a volume claim per pod when persistence is enabled (filter, counter). */}}
{{- define "tagpulse.workload" -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
{{- $name := .name -}}
{{- $m := index $v $name -}}
{{- if and $m.enabled (not $v.dataflow.enabled) -}}
{{- $stateful := include "tagpulse.isStateful" $name -}}
{{- $persistent := eq (include "tagpulse.workloadKind" .) "StatefulSet" -}}
apiVersion: apps/v1
kind: {{ include "tagpulse.workloadKind" . }}
metadata:
  name: {{ include "tagpulse.componentFullname" . }}
  labels:
    {{- include "tagpulse.componentLabels" . | nindent 4 }}
spec:
  {{- if not $m.autoscaling.enabled }}
  replicas: {{ $m.replicaCount }}
  {{- end }}
  {{- if $persistent }}
  serviceName: {{ include "tagpulse.componentFullname" . }}
  podManagementPolicy: Parallel
  {{- end }}
  selector:
    matchLabels:
      {{- include "tagpulse.componentSelectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "tagpulse.componentSelectorLabels" . | nindent 8 }}
        {{- with $m.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      annotations:
        # A change of the app's properties or of the chart's secrets rolls its pods.
        checksum/config: {{ include "tagpulse.applicationYaml" . | sha256sum }}
        checksum/secrets: {{ printf "%s|%s|%s|%s|%s" $v.kafka.sasl.username $v.kafka.sasl.password $v.database.password $v.trends.alerts.webhookUrl $v.trends.alerts.secret | sha256sum }}
        {{- with $m.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      {{- with $v.global.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      securityContext:
        {{- toYaml $m.podSecurityContext | nindent 8 }}
      containers:
        - name: {{ $name }}
          image: {{ include "tagpulse.image" (dict "root" $root "image" $m.image) }}
          imagePullPolicy: {{ $m.image.pullPolicy }}
          ports:
            - name: http
              containerPort: {{ include "tagpulse.appPort" $name }}
              protocol: TCP
          env:
            - name: JAVA_TOOL_OPTIONS
              value: {{ $m.javaOpts | quote }}
            # Two glibc malloc arenas instead of eight per core: RocksDB's and the Kafka clients' native allocations
            # otherwise spread over arenas that each keep tens of MB resident.
            - name: MALLOC_ARENA_MAX
              value: "2"
            - name: SPRING_CONFIG_ADDITIONAL_LOCATION
              value: file:/etc/tagpulse/config/
            # The metrics' instance tag (management.metrics.tags.instance.index, Prometheus label instance_index) is
            # the pod's name: the apps' own default, Data Flow's instance index, is 0 in every pod the chart runs.
            - name: MANAGEMENT_METRICS_TAGS_INSTANCE_INDEX
              valueFrom:
                fieldRef:
                  fieldPath: metadata.name
            {{- if include "tagpulse.kafkaSasl" $root }}
            - name: KAFKA_SASL_USERNAME
              valueFrom:
                secretKeyRef:
                  name: {{ include "tagpulse.kafkaSecretName" $root }}
                  key: {{ $v.kafka.sasl.usernameKey }}
            - name: KAFKA_SASL_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: {{ include "tagpulse.kafkaSecretName" $root }}
                  key: {{ $v.kafka.sasl.passwordKey }}
            {{- end }}
            {{- if include "tagpulse.usesDatabase" $name }}
            - name: SPRING_DATASOURCE_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: {{ include "tagpulse.databaseSecretName" $root }}
                  key: {{ include "tagpulse.databasePasswordKey" $root }}
            {{- end }}
            {{- if and (eq $name "sink") (include "tagpulse.alertsSecretName" $root) }}
            # Trend alerts: the webhook's URL and signing secret (tagpulse.sink.alerts.webhook-url and .secret).
            - name: TAGPULSE_SINK_ALERTS_WEBHOOKURL
              valueFrom:
                secretKeyRef:
                  name: {{ include "tagpulse.alertsSecretName" $root }}
                  key: {{ $v.trends.alerts.urlKey }}
            - name: TAGPULSE_SINK_ALERTS_SECRET
              valueFrom:
                secretKeyRef:
                  name: {{ include "tagpulse.alertsSecretName" $root }}
                  key: {{ $v.trends.alerts.secretKey }}
                  optional: true
            {{- end }}
            {{- $token := include "tagpulse.tokenEnv" (dict "root" $root "name" $name) }}
            {{- if and $token (include "tagpulse.tokensSecretName" $root) }}
            # The token this app's HTTP door requires (auth.*).
            - name: {{ first (splitList " " $token) }}
              valueFrom:
                secretKeyRef:
                  name: {{ include "tagpulse.tokensSecretName" $root }}
                  key: {{ last (splitList " " $token) }}
            {{- end }}
            {{- with $m.extraEnv }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          {{- with $m.probes.startup }}
          {{- if .enabled }}
          startupProbe:
            httpGet:
              path: /actuator/health/liveness
              port: http
            {{- include "tagpulse.probeTimings" . | nindent 12 }}
          {{- end }}
          {{- end }}
          {{- with $m.probes.liveness }}
          {{- if .enabled }}
          livenessProbe:
            httpGet:
              path: /actuator/health/liveness
              port: http
            {{- include "tagpulse.probeTimings" . | nindent 12 }}
          {{- end }}
          {{- end }}
          {{- with $m.probes.readiness }}
          {{- if .enabled }}
          readinessProbe:
            httpGet:
              path: /actuator/health/readiness
              port: http
            {{- include "tagpulse.probeTimings" . | nindent 12 }}
          {{- end }}
          {{- end }}
          resources:
            {{- toYaml $m.resources | nindent 12 }}
          securityContext:
            {{- toYaml $m.containerSecurityContext | nindent 12 }}
          volumeMounts:
            # The root file system is read-only: the JVM, Tomcat and native libraries (RocksDB, compression) write to /tmp.
            - name: tmp
              mountPath: /tmp
            - name: config
              mountPath: /etc/tagpulse/config
              readOnly: true
            {{- if $stateful }}
            - name: state
              mountPath: /var/lib/tagpulse/state
            {{- end }}
            {{- if include "tagpulse.kafkaTls" $root }}
            - name: kafka-ca
              mountPath: /etc/tagpulse/kafka-ca
              readOnly: true
            {{- end }}
      volumes:
        - name: tmp
          emptyDir: {}
        - name: config
          configMap:
            name: {{ include "tagpulse.componentFullname" . }}
        {{- if and $stateful (not $persistent) }}
        # Kafka Streams state, rebuilt from the changelog topics when a pod starts on an empty volume.
        - name: state
          emptyDir: {}
        {{- end }}
        {{- if include "tagpulse.kafkaTls" $root }}
        - name: kafka-ca
          secret:
            secretName: {{ $v.kafka.tls.caSecret }}
        {{- end }}
      {{- with $m.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $m.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $m.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
  {{- if $persistent }}
  volumeClaimTemplates:
    - metadata:
        name: state
        labels:
          {{- include "tagpulse.componentSelectorLabels" . | nindent 10 }}
      spec:
        accessModes:
          - ReadWriteOnce
        {{- with $m.persistence.storageClass }}
        storageClassName: {{ . }}
        {{- end }}
        resources:
          requests:
            storage: {{ $m.persistence.size }}
  {{- end }}
{{- end -}}
{{- end -}}

{{- define "tagpulse.workloadKind" -}}
{{- $m := index .root.Values .name -}}
{{- if and (include "tagpulse.isStateful" .name) $m.persistence.enabled }}StatefulSet{{ else }}Deployment{{ end -}}
{{- end -}}

{{- define "tagpulse.probeTimings" -}}
initialDelaySeconds: {{ .initialDelaySeconds }}
periodSeconds: {{ .periodSeconds }}
timeoutSeconds: {{ .timeoutSeconds }}
failureThreshold: {{ .failureThreshold }}
{{- end -}}

{{- define "tagpulse.service" -}}
{{- $m := index .root.Values .name -}}
{{- if and $m.enabled (not .root.Values.dataflow.enabled) -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "tagpulse.componentFullname" . }}
  labels:
    {{- include "tagpulse.componentLabels" . | nindent 4 }}
  {{- with $m.service.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  type: {{ $m.service.type }}
  selector:
    {{- include "tagpulse.componentSelectorLabels" . | nindent 4 }}
  ports:
    - name: http
      port: {{ $m.service.port }}
      targetPort: http
      protocol: TCP
{{- end -}}
{{- end -}}

{{- define "tagpulse.ingress" -}}
{{- $m := index .root.Values .name -}}
{{- if and $m.enabled $m.ingress.enabled (not .root.Values.dataflow.enabled) -}}
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: {{ include "tagpulse.componentFullname" . }}
  labels:
    {{- include "tagpulse.componentLabels" . | nindent 4 }}
  {{- with $m.ingress.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  {{- with $m.ingress.className }}
  ingressClassName: {{ . }}
  {{- end }}
  {{- if $m.ingress.tlsSecret }}
  tls:
    - secretName: {{ $m.ingress.tlsSecret }}
      {{- with $m.ingress.host }}
      hosts:
        - {{ . | quote }}
      {{- end }}
  {{- end }}
  rules:
    - {{- with $m.ingress.host }}
      host: {{ . | quote }}
      {{- end }}
      http:
        paths:
          - path: {{ $m.ingress.path }}
            pathType: Prefix
            backend:
              service:
                name: {{ include "tagpulse.componentFullname" . }}
                port:
                  name: http
{{- end -}}
{{- end -}}

{{/*
An HPA on CPU, unless KEDA scales the app on its consumer group's lag (KEDA then owns an HPA of its own). With
autoscaling.httpRequests.enabled (the apps that serve HTTP), also on the requests per second each pod serves, a Pods
metric the Prometheus adapter serves: the HPA follows whichever metric asks for more replicas, and keeps scaling on CPU
if the adapter cannot answer.
*/}}
{{- define "tagpulse.hpa" -}}
{{- $m := index .root.Values .name -}}
{{- if and $m.enabled $m.autoscaling.enabled (not $m.autoscaling.kafkaLag.enabled) (not .root.Values.dataflow.enabled) -}}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "tagpulse.componentFullname" . }}
  labels:
    {{- include "tagpulse.componentLabels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: {{ include "tagpulse.workloadKind" . }}
    name: {{ include "tagpulse.componentFullname" . }}
  minReplicas: {{ $m.autoscaling.minReplicas }}
  maxReplicas: {{ $m.autoscaling.maxReplicas }}
  metrics:
    {{- with $m.autoscaling.httpRequests }}
    {{- if .enabled }}
    - type: Pods
      pods:
        metric:
          name: {{ .metricName }}
        target:
          type: AverageValue
          averageValue: {{ .averageValue | quote }}
    {{- end }}
    {{- end }}
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $m.autoscaling.targetCPUUtilizationPercentage }}
{{- end -}}
{{- end -}}

{{/*
A KEDA ScaledObject on the lag of the app's consumer group on its input topic, plus CPU. Its ceiling is the partition
count: a consumer group never has more active members than its topic has partitions.
*/}}
{{- define "tagpulse.scaledObject" -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
{{- $m := index $v .name -}}
{{- if and $m.enabled $m.autoscaling.enabled $m.autoscaling.kafkaLag.enabled (not $v.dataflow.enabled) -}}
{{- $sasl := include "tagpulse.kafkaSasl" $root -}}
{{- $tls := has $v.kafka.securityProtocol (list "SSL" "SASL_SSL") -}}
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: {{ include "tagpulse.componentFullname" . }}
  labels:
    {{- include "tagpulse.componentLabels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: {{ include "tagpulse.workloadKind" . }}
    name: {{ include "tagpulse.componentFullname" . }}
  pollingInterval: {{ $m.autoscaling.kafkaLag.pollingInterval }}
  cooldownPeriod: {{ $m.autoscaling.kafkaLag.cooldownPeriod }}
  minReplicaCount: {{ $m.autoscaling.minReplicas }}
  maxReplicaCount: {{ min (int $m.autoscaling.maxReplicas) (int $v.topics.partitions) }}
  triggers:
    - type: kafka
      metadata:
        bootstrapServers: {{ $v.kafka.bootstrapServers | quote }}
        consumerGroup: {{ include "tagpulse.consumerGroup" . | quote }}
        topic: {{ include "tagpulse.topic" (dict "root" $root "key" (include "tagpulse.inputTopicKey" .name)) | quote }}
        lagThreshold: {{ $m.autoscaling.kafkaLag.lagThreshold | quote }}
        # Never more replicas than partitions.
        allowIdleConsumers: "false"
        offsetResetPolicy: earliest
        {{- if $sasl }}
        sasl: {{ get (dict "PLAIN" "plaintext" "SCRAM-SHA-256" "scram_sha256" "SCRAM-SHA-512" "scram_sha512") $v.kafka.sasl.mechanism | quote }}
        {{- end }}
        {{- if $tls }}
        tls: enable
        {{- end }}
      {{- if or $sasl (include "tagpulse.kafkaTls" $root) }}
      authenticationRef:
        name: {{ include "tagpulse.componentFullname" . }}
      {{- end }}
    - type: cpu
      metricType: Utilization
      metadata:
        value: {{ $m.autoscaling.targetCPUUtilizationPercentage | quote }}
{{- if or $sasl (include "tagpulse.kafkaTls" $root) }}
---
apiVersion: keda.sh/v1alpha1
kind: TriggerAuthentication
metadata:
  name: {{ include "tagpulse.componentFullname" . }}
  labels:
    {{- include "tagpulse.componentLabels" . | nindent 4 }}
spec:
  secretTargetRef:
    {{- if $sasl }}
    - parameter: username
      name: {{ include "tagpulse.kafkaSecretName" $root }}
      key: {{ $v.kafka.sasl.usernameKey }}
    - parameter: password
      name: {{ include "tagpulse.kafkaSecretName" $root }}
      key: {{ $v.kafka.sasl.passwordKey }}
    {{- end }}
    {{- if include "tagpulse.kafkaTls" $root }}
    - parameter: ca
      name: {{ $v.kafka.tls.caSecret }}
      key: {{ $v.kafka.tls.caKey }}
    {{- end }}
{{- end }}
{{- end -}}
{{- end -}}

{{- define "tagpulse.pdb" -}}
{{- $m := index .root.Values .name -}}
{{- if and $m.enabled $m.podDisruptionBudget.enabled (not .root.Values.dataflow.enabled) -}}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "tagpulse.componentFullname" . }}
  labels:
    {{- include "tagpulse.componentLabels" . | nindent 4 }}
spec:
  maxUnavailable: {{ $m.podDisruptionBudget.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "tagpulse.componentSelectorLabels" . | nindent 6 }}
{{- end -}}
{{- end -}}

{{/* Admits traffic to the app's port from this release's pods and the configured peers only. */}}
{{- define "tagpulse.networkPolicy" -}}
{{- $v := .root.Values -}}
{{- $m := index $v .name -}}
{{- if and $m.enabled $v.networkPolicy.enabled (not $v.dataflow.enabled) -}}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "tagpulse.componentFullname" . }}
  labels:
    {{- include "tagpulse.componentLabels" . | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "tagpulse.componentSelectorLabels" . | nindent 6 }}
  policyTypes:
    - Ingress
  ingress:
    - from:
        - podSelector:
            matchLabels:
              {{- include "tagpulse.selectorLabels" .root | nindent 14 }}
        {{- with $v.networkPolicy.allowFrom }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
        {{- if include "tagpulse.servesHttp" .name }}
        {{- with $v.networkPolicy.allowExternalFrom }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
        {{- end }}
      ports:
        - port: http
          protocol: TCP
{{- end -}}
{{- end -}}

{{/*
Helpers of the Taskstream chart. The chart keeps to the Helm subset documented in docs/deploy.md
(no lookup, no .Files, no .Capabilities), so that CI can render it without helm.
*/}}

{{- define "taskstream.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "taskstream.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "taskstream.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels every object carries. */}}
{{- define "taskstream.labels" -}}
helm.sh/chart: {{ include "taskstream.chart" . }}
{{ include "taskstream.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: taskstream
{{- end -}}

{{- define "taskstream.selectorLabels" -}}
app.kubernetes.io/name: {{ include "taskstream.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Labels and selector of one role group; called with (dict "root" $ "group" $g). */}}
{{- define "taskstream.groupLabels" -}}
{{ include "taskstream.labels" .root }}
app.kubernetes.io/component: {{ .group.name }}
{{- end -}}

{{- define "taskstream.groupSelectorLabels" -}}
{{ include "taskstream.selectorLabels" .root }}
app.kubernetes.io/component: {{ .group.name }}
{{- end -}}

{{- define "taskstream.groupFullname" -}}
{{- printf "%s-%s" (include "taskstream.fullname" .root) .group.name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "taskstream.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "taskstream.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "taskstream.image" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository $tag -}}
{{- end -}}
{{- end -}}

{{/*
The consumer groups of each role, as in schemas/topics.json ("consumer_groups"): the group a
role's consumers join and the topics it reads. KEDA's Kafka triggers are made from this table; the
chart's CI checks it against the catalog, so a catalog change that is not carried here fails.
Roles without an entry read no catalog topic through a shared group.
*/}}
{{- define "taskstream.consumerGroupsByRole" -}}
recurring:
  - group: recurring-task-cg
    topics: [todo.tasks.events]
reminder-scheduler:
  - group: reminder-scheduler-cg
    topics: [todo.tasks.events]
reminder-trigger:
  - group: reminder-trigger-cg
    topics: [todo.reminders.events]
broadcaster:
  - group: task-broadcaster-cg
    topics: [todo.tasks.events]
audit:
  - group: audit-log-cg
    topics: [todo.tasks.events, todo.reminders.events, todo.task_updates.broadcast]
notifier:
  - group: notification-cg
    topics: [todo.tasks.events, todo.reminders.events]
{{- end -}}

{{- define "taskstream.knownRoles" -}}
api relay recurring reminder-scheduler reminder-trigger broadcaster audit notifier feed
{{- end -}}

{{/*
The role groups with the defaults laid under each, as a YAML list (fromYaml reads it back as
{"groups": [...]}). Fails on an unknown or repeated role, a bad group name or an empty group.
*/}}
{{- define "taskstream.roleGroups" -}}
{{- $known := splitList " " (include "taskstream.knownRoles" .) -}}
{{- $seenRoles := dict -}}
{{- $seenNames := dict -}}
{{- $groups := list -}}
{{- if not .Values.roleGroups -}}
{{- fail "roleGroups: at least one role group is needed" -}}
{{- end -}}
{{- range $i, $raw := .Values.roleGroups -}}
{{- $g := mergeOverwrite (deepCopy $.Values.roleGroupDefaults) $raw -}}
{{- $name := required (printf "roleGroups[%d].name is required" $i) $g.name -}}
{{- if not (regexMatch "^[a-z]([-a-z0-9]{0,18}[a-z0-9])?$" $name) -}}
{{- fail (printf "roleGroups[%d].name %q: lower-case letters, digits and '-', at most 20 characters" $i $name) -}}
{{- end -}}
{{- if hasKey $seenNames $name -}}
{{- fail (printf "roleGroups: the name %q is used twice" $name) -}}
{{- end -}}
{{- $_ := set $seenNames $name true -}}
{{- if not $g.roles -}}
{{- fail (printf "roleGroups[%d] (%s): roles must list at least one role" $i $name) -}}
{{- end -}}
{{- range $g.roles -}}
{{- if not (has . $known) -}}
{{- fail (printf "roleGroups %s: unknown role %q (known: %s)" $name . (join ", " $known)) -}}
{{- end -}}
{{- if hasKey $seenRoles . -}}
{{- fail (printf "roleGroups: role %q is in both %s and %s; a role runs in one group" . (get $seenRoles .) $name) -}}
{{- end -}}
{{- $_ := set $seenRoles . $name -}}
{{- end -}}
{{- $groups = append $groups $g -}}
{{- end -}}
{{ toYaml (dict "groups" $groups) }}
{{- end -}}

{{/* "true" when more than one pod may run at once: they then share PostgreSQL and secrets. */}}
{{- define "taskstream.multiPod" -}}
{{- $groups := (fromYaml (include "taskstream.roleGroups" .)).groups -}}
{{- $multi := gt (len $groups) 1 -}}
{{- range $groups -}}
{{- if or (gt (int .replicas) 1) .autoscaling.keda.enabled -}}
{{- $multi = true -}}
{{- end -}}
{{- end -}}
{{- if $multi }}true{{ end -}}
{{- end -}}

{{/* librdkafka security.protocol from the TLS and SASL settings. */}}
{{- define "taskstream.kafkaSecurityProtocol" -}}
{{- if and .Values.kafka.sasl.enabled .Values.kafka.tls.enabled -}}SASL_SSL
{{- else if .Values.kafka.sasl.enabled -}}SASL_PLAINTEXT
{{- else if .Values.kafka.tls.enabled -}}SSL
{{- else -}}PLAINTEXT
{{- end -}}
{{- end -}}

{{- define "taskstream.paths" -}}
config: /etc/taskstream
data: /var/lib/taskstream
tmp: /tmp
jwt: /var/run/taskstream/jwt
databasePassword: /var/run/taskstream/database
kafkaTls: /var/run/taskstream/kafka-tls
kafkaSaslSecret: /var/run/taskstream/kafka-sasl
kafkaProperties: /var/run/taskstream/kafka
schemaRegistryPassword: /var/run/taskstream/schema-registry
schemaRegistryCa: /var/run/taskstream/schema-registry-ca
notifyWebhook: /var/run/taskstream/notify-webhook
notifyWebhookSigning: /var/run/taskstream/notify-webhook-signing
smtpPassword: /var/run/taskstream/smtp
{{- end -}}

{{/*
taskstreamd options the chart sets itself, and the value that sets each: daemon.extraConfig may
not override them, or the rendered probes, Service, grace period and mounts would no longer
match what the daemon does.
*/}}
{{- define "taskstream.chartOwnedOptions" -}}
brokers: "kafka.bootstrapServers"
http-address: "(fixed, 0.0.0.0 in the pod)"
http-port: "daemon.httpPort"
data-dir: "dataVolume"
log-format: "daemon.logFormat"
wire-format: "daemon.wireFormat"
startup-timeout: "daemon.startupTimeoutSeconds"
shutdown-grace-seconds: "daemon.shutdownGraceSeconds"
liveness-timeout: "daemon.livenessTimeoutSeconds"
outbox-retention-hours: "daemon.outboxRetentionHours"
audit-retention-days: "daemon.auditRetentionDays"
time-zone: "daemon.timeZone"
reminder-default-minutes: "daemon.reminderDefaultMinutes"
feed-allowed-origins: "daemon.feedAllowedOrigins"
notify-webhook-url: "daemon.notifyWebhookUrl"
notify-webhook-url-file: "daemon.notifyWebhookUrlSecret"
notify-webhook-secret-file: "daemon.notifyWebhookSigningSecret"
smtp-url: "daemon.smtp.url"
smtp-from: "daemon.smtp.from"
smtp-user: "daemon.smtp.user"
smtp-password-file: "daemon.smtp.passwordSecret"
schema-registry: "daemon.schemaRegistry"
schema-registry-user: "daemon.schemaRegistryAuth.username"
schema-registry-password-file: "daemon.schemaRegistryAuth.passwordSecret"
schema-registry-ca-file: "daemon.schemaRegistryCaSecret"
create-topics: "kafka.createTopics"
jwt-secret-file: "jwt.secret"
database-password-file: "database.passwordSecret"
kafka-property-file: "kafka.sasl"
kafka-property: "kafka.properties, kafka.tls, kafka.sasl"
roles: "roleGroups"
database: "database.urlSecret"
config: "(the chart's ConfigMap)"
embedded-brokers: "none, the chart connects to kafka.bootstrapServers"
{{- end -}}

{{/*
The daemon's configuration file (key = value, the option names of taskstreamd). Roles and the
database URL differ per group or are secret, so they come from the environment instead.
*/}}
{{- define "taskstream.configFile" -}}
{{- $p := fromYaml (include "taskstream.paths" .) -}}
{{- $d := .Values.daemon -}}
{{- $cfg := dict
  "brokers" (required "kafka.bootstrapServers is required (HOST:PORT[,HOST:PORT...])" .Values.kafka.bootstrapServers)
  "http-address" "0.0.0.0"
  "http-port" (int $d.httpPort)
  "data-dir" $p.data
  "log-format" $d.logFormat
  "wire-format" $d.wireFormat
  "startup-timeout" (int $d.startupTimeoutSeconds)
  "shutdown-grace-seconds" (int $d.shutdownGraceSeconds)
  "liveness-timeout" (int $d.livenessTimeoutSeconds)
  "outbox-retention-hours" (int $d.outboxRetentionHours)
  "audit-retention-days" (int $d.auditRetentionDays)
  "time-zone" $d.timeZone
  "reminder-default-minutes" (int $d.reminderDefaultMinutes) -}}
{{- with $d.schemaRegistry }}{{ $_ := set $cfg "schema-registry" . }}{{ end -}}
{{- with $d.feedAllowedOrigins }}{{ $_ := set $cfg "feed-allowed-origins" (join "," .) }}{{ end -}}
{{- with $d.notifyWebhookUrl }}{{ $_ := set $cfg "notify-webhook-url" . }}{{ end -}}
{{- if $d.notifyWebhookUrlSecret.name -}}
{{- $_ := set $cfg "notify-webhook-url-file" (printf "%s/%s" $p.notifyWebhook $d.notifyWebhookUrlSecret.key) -}}
{{- end -}}
{{- if $d.notifyWebhookSigningSecret.name -}}
{{- $_ := set $cfg "notify-webhook-secret-file" (printf "%s/%s" $p.notifyWebhookSigning $d.notifyWebhookSigningSecret.key) -}}
{{- end -}}
{{- if $d.smtp.url -}}
{{- $_ := set $cfg "smtp-url" $d.smtp.url -}}
{{- $_ := set $cfg "smtp-from" (required "daemon.smtp.from is required with daemon.smtp.url" $d.smtp.from) -}}
{{- if $d.smtp.user -}}
{{- $_ := required "daemon.smtp.passwordSecret.name is required with daemon.smtp.user" $d.smtp.passwordSecret.name -}}
{{- $_ := set $cfg "smtp-user" $d.smtp.user -}}
{{- $_ := set $cfg "smtp-password-file" (printf "%s/%s" $p.smtpPassword $d.smtp.passwordSecret.key) -}}
{{- end -}}
{{- end -}}
{{- if $d.schemaRegistryAuth.username -}}
{{- $_ := set $cfg "schema-registry-user" $d.schemaRegistryAuth.username -}}
{{- $_ := set $cfg "schema-registry-password-file" (printf "%s/%s" $p.schemaRegistryPassword $d.schemaRegistryAuth.passwordSecret.key) -}}
{{- end -}}
{{- if $d.schemaRegistryCaSecret.name -}}
{{- $_ := set $cfg "schema-registry-ca-file" (printf "%s/%s" $p.schemaRegistryCa $d.schemaRegistryCaSecret.key) -}}
{{- end -}}
{{- $_ := set $cfg "create-topics" (ternary "yes" "no" .Values.kafka.createTopics) -}}
{{- if .Values.jwt.secret.name -}}
{{- $_ := set $cfg "jwt-secret-file" (printf "%s/%s" $p.jwt .Values.jwt.secret.key) -}}
{{- end -}}
{{- if .Values.database.passwordSecret.name -}}
{{- $_ := set $cfg "database-password-file" (printf "%s/%s" $p.databasePassword .Values.database.passwordSecret.key) -}}
{{- end -}}
{{- if .Values.kafka.sasl.enabled -}}
{{- $_ := set $cfg "kafka-property-file" (printf "%s/sasl.properties" $p.kafkaProperties) -}}
{{- end -}}
{{- $owned := fromYaml (include "taskstream.chartOwnedOptions" .) -}}
{{- if hasKey $owned "Error" }}{{ fail (printf "taskstream.chartOwnedOptions: %s" $owned.Error) }}{{ end -}}
{{- range $k, $v := $d.extraConfig -}}
{{- if hasKey $owned $k -}}
{{- fail (printf "daemon.extraConfig.%s: the chart sets this option (probes, Service, grace period and mounts follow it); set this through the chart's own values: %s" $k (get $owned $k)) -}}
{{- end -}}
{{- $_ := set $cfg $k $v -}}
{{- end -}}
# taskstreamd configuration rendered by the Taskstream chart. The roles (TASKSTREAM_ROLES) and
# the database URL (TASKSTREAM_DATABASE, from a Secret) come from each pod's environment.
{{- range $k, $v := $cfg }}
{{ $k }} = {{ $v }}
{{- end }}
kafka-property = security.protocol={{ include "taskstream.kafkaSecurityProtocol" . }}
{{- if .Values.kafka.sasl.enabled }}
kafka-property = sasl.mechanism={{ .Values.kafka.sasl.mechanism }}
kafka-property = sasl.username={{ required "kafka.sasl.username is required when kafka.sasl.enabled" .Values.kafka.sasl.username }}
{{- end }}
{{- if .Values.kafka.tls.enabled }}
{{- if .Values.kafka.tls.caSecret.name }}
kafka-property = ssl.ca.location={{ $p.kafkaTls }}/ca/{{ .Values.kafka.tls.caSecret.key }}
{{- end }}
{{- if .Values.kafka.tls.clientCertSecret.name }}
kafka-property = ssl.certificate.location={{ $p.kafkaTls }}/client/{{ .Values.kafka.tls.clientCertSecret.certKey }}
kafka-property = ssl.key.location={{ $p.kafkaTls }}/client/{{ .Values.kafka.tls.clientCertSecret.keyKey }}
{{- end }}
{{- end }}
{{- range $k, $v := .Values.kafka.properties }}
kafka-property = {{ $k }}={{ $v }}
{{- end }}
{{- end -}}

{{/* The restrictive container securityContext, shared by the daemon and its init container. */}}
{{- define "taskstream.containerSecurityContext" -}}
{{ toYaml .Values.containerSecurityContext }}
{{- end -}}

{{/*
The HTTP paths the Ingress and the HTTPRoute expose, each to the Service of the group that
runs its role: /api to the api role's group, the feed's WebSocket (/ws) and page (/feed) to the
feed role's group. A YAML map {"paths": [...]}; fails when no group serves either.
*/}}
{{- define "taskstream.httpPaths" -}}
{{- $root := . -}}
{{- $paths := list -}}
{{- range $g := (fromYaml (include "taskstream.roleGroups" .)).groups -}}
{{- $ctx := dict "root" $root "group" $g -}}
{{- $port := ternary (int $root.Values.daemon.httpPort) (int $g.service.port) $g.service.headless -}}
{{- $svc := dict "service" (include "taskstream.groupFullname" $ctx) "port" $port "group" $g.name -}}
{{- if or (has "api" $g.roles) (has "feed" $g.roles) -}}
{{- if not $g.service.enabled -}}
{{- fail (printf "roleGroups %s: ingress/gateway route to its Service: service.enabled must be true" $g.name) -}}
{{- end -}}
{{- end -}}
{{- if has "api" $g.roles -}}
{{- $paths = append $paths (merge (dict "path" "/api" "type" "Prefix" "feed" false) $svc) -}}
{{- end -}}
{{- if has "feed" $g.roles -}}
{{- $paths = append $paths (merge (dict "path" "/ws" "type" "Prefix" "feed" true) $svc) -}}
{{- $paths = append $paths (merge (dict "path" "/feed" "type" "Exact" "feed" true) $svc) -}}
{{- end -}}
{{- end -}}
{{- if not $paths -}}
{{- fail "ingress/gateway: no role group runs the api or feed role" -}}
{{- end -}}
{{ toYaml (dict "paths" $paths) }}
{{- end -}}

{{/*
Kafka ACLs of each role (Strimzi simple authorization), for the release's KafkaUser. Every role
also gets the common ACLs (describing the catalog's topics at start, and creating missing ones
when kafka.createTopics). The consumer roles' groups and topics come from
taskstream.consumerGroupsByRole; each consumer group writes its dead letters to
todo.<group>.dlq. The relay publishes the outbox to the event topics, and the records it can
never publish to each one's dead-letter queue (todo.tasks.events.dlq, ...); the feed reads
broadcasts and reminders by assignment, under a group id "taskstream-feed-<uuid>" it never commits.
No role uses a transactional id; producers are idempotent, which needs only Write on the topic.
*/}}
{{- define "taskstream.kafkaAcls" -}}
{{- $byRole := fromYaml (include "taskstream.consumerGroupsByRole" .) -}}
{{- $acls := list -}}
{{- $ops := list "Describe" "DescribeConfigs" -}}
{{- if .Values.kafka.createTopics }}{{ $ops = append $ops "Create" }}{{ end -}}
{{- $acls = append $acls (dict "resource" (dict "type" "topic" "name" "todo." "patternType" "prefix") "operations" $ops) -}}
{{- $roles := list -}}
{{- range (fromYaml (include "taskstream.roleGroups" .)).groups }}{{ $roles = concat $roles .roles }}{{ end -}}
{{- if has "relay" $roles -}}
{{- range list "todo.tasks.events" "todo.reminders.events" "todo.task_updates.broadcast" "todo.tasks.events.dlq" "todo.reminders.events.dlq" "todo.task_updates.broadcast.dlq" -}}
{{- $acls = append $acls (dict "resource" (dict "type" "topic" "name" . "patternType" "literal") "operations" (list "Write" "Describe")) -}}
{{- end -}}
{{- end -}}
{{- range $role := sortAlpha $roles -}}
{{- range (default (list) (get $byRole $role)) -}}
{{- $acls = append $acls (dict "resource" (dict "type" "group" "name" .group "patternType" "literal") "operations" (list "Read" "Describe")) -}}
{{- range .topics -}}
{{- $acls = append $acls (dict "resource" (dict "type" "topic" "name" . "patternType" "literal") "operations" (list "Read" "Describe")) -}}
{{- end -}}
{{- $acls = append $acls (dict "resource" (dict "type" "topic" "name" (printf "todo.%s.dlq" .group) "patternType" "literal") "operations" (list "Write" "Describe")) -}}
{{- end -}}
{{- end -}}
{{- if has "feed" $roles -}}
{{- range list "todo.task_updates.broadcast" "todo.reminders.events" -}}
{{- $acls = append $acls (dict "resource" (dict "type" "topic" "name" . "patternType" "literal") "operations" (list "Read" "Describe")) -}}
{{- end -}}
{{- $acls = append $acls (dict "resource" (dict "type" "group" "name" "taskstream-feed-" "patternType" "prefix") "operations" (list "Read" "Describe")) -}}
{{- end -}}
{{ toYaml (dict "acls" (uniq $acls)) }}
{{- end -}}

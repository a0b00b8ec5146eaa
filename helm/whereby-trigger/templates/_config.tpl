{{/*
The service's application.yml, rendered from the values. Spring property names are
kebab-case; empty values are left out so that the service's own defaults apply (false and 0
are values, not empty). extraConfig is merged underneath: keys the chart sets win.
Secrets are never part of it: they reach the container as environment variables.
*/}}
{{- define "whereby-trigger.config" -}}
{{- $v := .Values }}
{{- $jobNamespace := include "whereby-trigger.jobNamespace" . }}
{{- $webhook := dict
  "path" $v.webhook.path
  "max-body-size" $v.webhook.maxBodySize
  "body-read-timeout" $v.webhook.bodyReadTimeout
  "tolerance" $v.webhook.tolerance
  "allow-unsigned" $v.webhook.allowUnsigned }}
{{- $rules := dict }}
{{- range $name, $rule := $v.triggers.rules }}
{{- $_ := set $rules $name (dict "event" (get $rule "event") "condition" (get $rule "condition") "assistant" (get $rule "assistant")) }}
{{- end }}
{{- $triggers := dict "enabled" $v.triggers.enabled "timeout" $v.triggers.timeout "rules" $rules "packages" $v.extensions.packages }}
{{- $launcher := dict "type" $v.launcher.type "deadline" $v.launcher.deadline }}
{{- if eq $v.launcher.type "kubernetes" }}
{{- $_ := set $launcher "kubernetes" (include "whereby-trigger.kubernetesLauncherConfig" (dict "values" $v.launcher.kubernetes "namespace" $jobNamespace) | fromJson) }}
{{- else if eq $v.launcher.type "http" }}
{{- $_ := set $launcher "http" (include "whereby-trigger.httpLauncherConfig" $v.launcher.http | fromJson) }}
{{- end }}
{{- $assistants := dict }}
{{- range include "whereby-trigger.launchers" . | fromJsonArray }}
{{- if ne .path "launcher" }}
{{- $entry := dict "type" .type }}
{{- if eq .type "kubernetes" }}
{{- $_ := set $entry "kubernetes" (include "whereby-trigger.kubernetesLauncherConfig" (dict "values" .kubernetes "namespace" .namespace) | fromJson) }}
{{- else if eq .type "http" }}
{{- $_ := set $entry "http" (include "whereby-trigger.httpLauncherConfig" .http | fromJson) }}
{{- end }}
{{- $_ := set $assistants .name $entry }}
{{- end }}
{{- end }}
{{- $assistant := dict
  "one-per-room" $v.assistant.onePerRoom
  "forget-after" $v.assistant.forgetAfter
  "stop-on" $v.assistant.stopOn
  "stop-when-empty" $v.assistant.stopWhenEmpty }}
{{- $state := dict "store" $v.state.store }}
{{- $redis := dict }}
{{- if eq $v.state.store "redis" }}
{{- $_ := set $state "key-prefix" $v.state.redis.keyPrefix }}
{{- $redis = include "whereby-trigger.redisConfig" $v.state.redis | fromJson }}
{{- end }}
{{- $whereby := dict
  "webhook" $webhook
  "triggers" $triggers
  "launcher" $launcher
  "assistants" $assistants
  "assistant" $assistant
  "state" $state
  "room-base-domain" $v.roomBaseDomain }}
{{- $config := dict
  "server" (dict "port" (include "whereby-trigger.httpPort" . | int))
  "management" (dict "server" (dict "port" (include "whereby-trigger.managementPort" . | int)))
  "spring" (dict "data" (dict "redis" $redis))
  "whereby" $whereby }}
{{- if $v.logging.structured }}
{{- $_ := set $config "logging" (dict "structured" (dict "format" (dict "console" "ecs"))) }}
{{- end }}
{{- $pruned := include "whereby-trigger.prune" $config | fromJson }}
{{- mustMergeOverwrite (deepCopy $v.extraConfig) $pruned | toYaml }}
{{- end }}

{{/*
Settings of a Kubernetes launcher (JSON): takes {values, namespace}, values being shaped
as launcher.kubernetes. The assistant key appears only as a Secret reference.
*/}}
{{- define "whereby-trigger.kubernetesLauncherConfig" -}}
{{- $k := .values }}
{{- $resources := get $k "resources" | default dict }}
{{- $keySecret := get $k "assistantKeySecret" | default dict }}
{{- dict
  "namespace" .namespace
  "image" (get $k "image")
  "image-pull-policy" (get $k "imagePullPolicy")
  "command" (get $k "command")
  "args" (get $k "args")
  "env" (get $k "env")
  "resources" (dict "requests" (get $resources "requests") "limits" (get $resources "limits"))
  "service-account-name" (get $k "serviceAccountName")
  "node-selector" (get $k "nodeSelector")
  "tolerations" (get $k "tolerations")
  "backoff-limit" (get $k "backoffLimit")
  "active-deadline-seconds" (get $k "activeDeadlineSeconds")
  "ttl-seconds-after-finished" (get $k "ttlSecondsAfterFinished")
  "assistant-key-secret" (dict "name" (get $keySecret "name") "key" (get $keySecret "key"))
  | toJson }}
{{- end }}

{{/*
Spring Boot's Redis connection (spring.data.redis.*, JSON), from state.redis: the URL, or the
host and port; the username and TLS. The password is an environment variable from a Secret
(see whereby-trigger.secretEnv).
*/}}
{{- define "whereby-trigger.redisConfig" -}}
{{- $redis := dict "url" .url "username" .username }}
{{- if .host }}
{{- $_ := set $redis "host" .host }}
{{- $_ := set $redis "port" (int .port) }}
{{- end }}
{{- if .tls }}
{{- $_ := set $redis "ssl" (dict "enabled" true) }}
{{- end }}
{{- $redis | toJson }}
{{- end }}

{{/*
Settings of an HTTP launcher (JSON), from values shaped as launcher.http. Its signing
secret and bearer token are environment variables (see whereby-trigger.secretEnv).
*/}}
{{- define "whereby-trigger.httpLauncherConfig" -}}
{{- dict
  "url" (get . "url")
  "connect-timeout" (get . "connectTimeout")
  "read-timeout" (get . "readTimeout")
  | toJson }}
{{- end }}

{{/*
The map given, without its empty entries (JSON): nil, "", empty lists and maps (after
pruning) are dropped; false and 0 are kept.
*/}}
{{- define "whereby-trigger.prune" -}}
{{- $out := dict }}
{{- range $key, $value := . }}
{{- if kindIs "map" $value }}
{{- $nested := include "whereby-trigger.prune" $value | fromJson }}
{{- if $nested }}
{{- $_ := set $out $key $nested }}
{{- end }}
{{- else if kindIs "slice" $value }}
{{- if $value }}
{{- $_ := set $out $key $value }}
{{- end }}
{{- else if kindIs "string" $value }}
{{- if ne $value "" }}
{{- $_ := set $out $key $value }}
{{- end }}
{{- else if not (kindIs "invalid" $value) }}
{{- $_ := set $out $key $value }}
{{- end }}
{{- end }}
{{- $out | toJson }}
{{- end }}

{{/*
Name of the chart, or nameOverride.
*/}}
{{- define "whereby-trigger.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name of the release's resources: fullnameOverride, or the release name when it already
contains the chart name, or "<release>-<chart>". Kubernetes names are limited to 63
characters.
*/}}
{{- define "whereby-trigger.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Chart name and version, for the helm.sh/chart label.
*/}}
{{- define "whereby-trigger.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels of every resource.
*/}}
{{- define "whereby-trigger.labels" -}}
helm.sh/chart: {{ include "whereby-trigger.chart" . }}
{{ include "whereby-trigger.selectorLabels" . }}
app.kubernetes.io/version: {{ include "whereby-trigger.imageTag" . | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
Labels that select the service's pods. They never change between releases of the chart:
a Deployment's selector is immutable.
*/}}
{{- define "whereby-trigger.selectorLabels" -}}
app.kubernetes.io/name: {{ include "whereby-trigger.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Name of the pod's ServiceAccount.
*/}}
{{- define "whereby-trigger.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "whereby-trigger.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Image tag of the service: image.tag, or the chart's appVersion.
*/}}
{{- define "whereby-trigger.imageTag" -}}
{{- default .Chart.AppVersion .Values.image.tag }}
{{- end }}

{{/*
Container ports. Fixed: the probes, the Service and the rendered application.yml agree on
them. Actuator has its own port so that it is never reachable through the webhook port.
*/}}
{{- define "whereby-trigger.httpPort" -}}8080{{- end }}
{{- define "whereby-trigger.managementPort" -}}8081{{- end }}

{{/*
The launchers the service creates (JSON list): the default assistant's, configured by
`launcher` unless `assistants` has an entry named "default", then one per named assistant.
Each is {name, path (of its values), type (an assistant without one has launcher.type),
namespace (of its Jobs: the release namespace when empty), kubernetes, http}.
*/}}
{{- define "whereby-trigger.launchers" -}}
{{- $launchers := list }}
{{- if not (hasKey .Values.assistants "default") }}
{{- $launchers = append $launchers (dict "name" "default" "path" "launcher" "type" .Values.launcher.type "kubernetes" .Values.launcher.kubernetes "http" .Values.launcher.http) }}
{{- end }}
{{- range $name, $assistant := .Values.assistants }}
{{- $assistant = $assistant | default dict }}
{{- $launchers = append $launchers (dict "name" $name "path" (printf "assistants.%s" $name) "type" (get $assistant "type" | default $.Values.launcher.type) "kubernetes" (dig "kubernetes" (dict) $assistant) "http" (dig "http" (dict) $assistant)) }}
{{- end }}
{{- range $launchers }}
{{- $_ := set . "namespace" (get .kubernetes "namespace" | default $.Release.Namespace) }}
{{- end }}
{{- toJson $launchers }}
{{- end }}

{{/*
"true" when the Kubernetes launcher is used, by the default assistant or by a named one;
empty otherwise. It decides the RBAC objects and the service account token.
*/}}
{{- define "whereby-trigger.usesKubernetesLauncher" -}}
{{- if include "whereby-trigger.jobNamespaces" . | fromJsonArray }}true{{ end }}
{{- end }}

{{/*
Namespace of the Jobs of the default Kubernetes launcher: launcher.kubernetes.namespace, or
the release namespace.
*/}}
{{- define "whereby-trigger.jobNamespace" -}}
{{- default .Release.Namespace .Values.launcher.kubernetes.namespace }}
{{- end }}

{{/*
Namespaces the service creates Jobs in (JSON list, one entry each); empty when the
Kubernetes launcher is not used.
*/}}
{{- define "whereby-trigger.jobNamespaces" -}}
{{- $namespaces := list }}
{{- range include "whereby-trigger.launchers" . | fromJsonArray }}
{{- if eq .type "kubernetes" }}
{{- $namespaces = append $namespaces .namespace }}
{{- end }}
{{- end }}
{{- $namespaces | uniq | toJson }}
{{- end }}

{{/*
Name of the Secret the chart creates for secrets given as values.
*/}}
{{- define "whereby-trigger.secretName" -}}
{{- include "whereby-trigger.fullname" . }}
{{- end }}

{{/*
Secrets passed to the container as environment variables (JSON list of
{env, key, defaultKey, spec, path}): env is the variable, spec the {existingSecret,
existingSecretKey, value} value found at path, key the key in the chart's Secret when
spec.value is used, defaultKey the key in an existing Secret when existingSecretKey is empty.
Assistants' variables carry the property name itself: Kubernetes allows dots and dashes in
variable names and Spring Boot binds them as written, whatever the assistant's name.
*/}}
{{- define "whereby-trigger.secretEnv" -}}
{{- $entries := list }}
{{- $entries = append $entries (dict "env" "WHEREBY_WEBHOOK_SIGNINGSECRETS" "key" "signing-secrets" "defaultKey" "signing-secrets" "spec" .Values.webhook.signingSecret "path" "webhook.signingSecret") }}
{{- range include "whereby-trigger.launchers" . | fromJsonArray }}
{{- if eq .type "http" }}
{{- if eq .path "launcher" }}
{{- $entries = append $entries (dict "env" "WHEREBY_LAUNCHER_HTTP_SIGNINGSECRET" "key" "launcher-http-signing-secret" "defaultKey" "signing-secret" "spec" (get .http "signingSecret" | default dict) "path" "launcher.http.signingSecret") }}
{{- $entries = append $entries (dict "env" "WHEREBY_LAUNCHER_HTTP_BEARERTOKEN" "key" "launcher-http-bearer-token" "defaultKey" "bearer-token" "spec" (get .http "bearerToken" | default dict) "path" "launcher.http.bearerToken") }}
{{- else }}
{{- $entries = append $entries (dict "env" (printf "whereby.assistants.%s.http.signing-secret" .name) "key" (printf "assistant-%s-http-signing-secret" .name) "defaultKey" "signing-secret" "spec" (get .http "signingSecret" | default dict) "path" (printf "%s.http.signingSecret" .path)) }}
{{- $entries = append $entries (dict "env" (printf "whereby.assistants.%s.http.bearer-token" .name) "key" (printf "assistant-%s-http-bearer-token" .name) "defaultKey" "bearer-token" "spec" (get .http "bearerToken" | default dict) "path" (printf "%s.http.bearerToken" .path)) }}
{{- end }}
{{- end }}
{{- end }}
{{- $redis := .Values.state.redis }}
{{- if and (eq .Values.state.store "redis") $redis.passwordSecret.name }}
{{- $entries = append $entries (dict "env" "SPRING_DATA_REDIS_PASSWORD" "key" "redis-password" "defaultKey" "password" "spec" (dict "existingSecret" $redis.passwordSecret.name "existingSecretKey" $redis.passwordSecret.key) "path" "state.redis.passwordSecret") }}
{{- end }}
{{- range $entries }}
{{- if and (get .spec "existingSecret") (get .spec "value") }}
{{- fail (printf "%s: set either existingSecret or value, not both" .path) }}
{{- end }}
{{- end }}
{{- $entries | toJson }}
{{- end }}

{{/*
The container's environment variables that come from Secrets.
*/}}
{{- define "whereby-trigger.secretEnvVars" -}}
{{- $secretName := include "whereby-trigger.secretName" . }}
{{- range include "whereby-trigger.secretEnv" . | fromJsonArray }}
{{- if get .spec "existingSecret" }}
- name: {{ .env }}
  valueFrom:
    secretKeyRef:
      name: {{ get .spec "existingSecret" }}
      key: {{ get .spec "existingSecretKey" | default .defaultKey }}
{{- else if get .spec "value" }}
- name: {{ .env }}
  valueFrom:
    secretKeyRef:
      name: {{ $secretName }}
      key: {{ .key }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Refuses values that would deploy a service nobody should run.
*/}}
{{- define "whereby-trigger.validate" -}}
{{- $signing := .Values.webhook.signingSecret }}
{{- if not (or $signing.existingSecret $signing.value .Values.webhook.allowUnsigned) }}
{{- fail "\n\nA webhook signing secret is required: set webhook.signingSecret.existingSecret (a Secret whose key webhook.signingSecret.existingSecretKey, 'signing-secrets' by default, holds the secret from Whereby's dashboard) or webhook.signingSecret.value.\nOnly for development, webhook.allowUnsigned=true accepts unsigned webhooks." }}
{{- end }}
{{- range include "whereby-trigger.launchers" . | fromJsonArray }}
{{- if and (eq .type "kubernetes") (not (get .kubernetes "image")) }}
{{- fail (printf "\n\n%s.kubernetes.image is empty: the assistant '%s' runs as a Kubernetes Job, set the image it runs (e.g. ghcr.io/acme/notetaker:1.4.0)." .path .name) }}
{{- end }}
{{- if and (eq .type "http") (not (get .http "url")) }}
{{- fail (printf "\n\n%s.http.url is empty: the assistant '%s' is launched over HTTP, set the URL launch requests are sent to." .path .name) }}
{{- end }}
{{- end }}
{{- include "whereby-trigger.validateState" . }}
{{- include "whereby-trigger.validateExtensions" . }}
{{- range $name, $rule := .Values.triggers.rules }}
{{- $assistant := get $rule "assistant" }}
{{- if and $assistant (ne $assistant "default") (not (hasKey $.Values.assistants $assistant)) }}
{{- fail (printf "\n\ntriggers.rules.%s.assistant is '%s', which is neither 'default' nor a name in assistants." $name $assistant) }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Refuses a room state that several pods cannot share, and a Redis connection that is missing,
ambiguous, or whose password Spring Boot would ignore.
*/}}
{{- define "whereby-trigger.validateState" -}}
{{- $state := .Values.state }}
{{- $redis := $state.redis }}
{{- if and $redis.url $redis.host }}
{{- fail "\n\nstate.redis.url and state.redis.host are both set: set one or the other (Spring Boot would use the URL and ignore host and port)." }}
{{- end }}
{{- if and $redis.url (or $redis.username $redis.passwordSecret.name) }}
{{- fail "\n\nstate.redis.url is set together with state.redis.username or state.redis.passwordSecret.name: with a URL, Spring Boot takes the username and password from the URL only, so they would never be sent.\nSet state.redis.host (with state.redis.port and state.redis.tls) instead of state.redis.url, so that the password stays in the Secret; a username alone may also go into the URL (redis://user@host:6379)." }}
{{- end }}
{{- if regexMatch "^[a-z]+://[^/@]*:[^/@]*@" $redis.url }}
{{- fail "\n\nstate.redis.url contains a password, which would be written into the ConfigMap: set state.redis.host (with state.redis.port and state.redis.tls) and state.redis.passwordSecret (an existing Secret) instead." }}
{{- end }}
{{- if and (eq $state.store "redis") (not (or $redis.url $redis.host)) }}
{{- fail "\n\nstate.store is redis but no Redis is given: set state.redis.url (e.g. redis://redis-master.redis:6379, or rediss:// for TLS) or state.redis.host (with state.redis.port)." }}
{{- end }}
{{- $pods := "" }}
{{- if .Values.autoscaling.enabled }}
{{- $pods = "autoscaling.enabled is true" }}
{{- else if gt (int .Values.replicaCount) 1 }}
{{- $pods = printf "replicaCount is %d" (int .Values.replicaCount) }}
{{- end }}
{{- if and (eq $state.store "memory") $pods (not $state.allowPerPodState) }}
{{- fail (printf "\n\n%s but state.store is memory: with the memory store each pod keeps its own event ids and room claims, so a duplicate webhook reaching another pod launches its assistant twice, and a restarted pod forgets the assistants running in its rooms.\nSet state.store=redis with state.redis.url (or state.redis.host) to share the state, or state.allowPerPodState=true to accept per-pod state." $pods) }}
{{- end }}
{{- end }}

{{/*
Refuses extension values that would start a service without the extension's triggers: an
image whose trigger packages are not searched, packages whose jars are not there, jars the
copy's own mount would hide, an image without a tag.
*/}}
{{- define "whereby-trigger.validateExtensions" -}}
{{- $extensions := .Values.extensions }}
{{- if and $extensions.image.repository (not $extensions.packages) }}
{{- fail "\n\nextensions.image.repository is set but extensions.packages is empty: the service looks for @WherebyTrigger classes only in its own packages and in whereby.triggers.packages, so the extension's triggers would not be found.\nList the packages of the extension's trigger classes in extensions.packages (e.g. [com.acme.triggers])." }}
{{- end }}
{{- if and $extensions.packages (not $extensions.image.repository) }}
{{- fail "\n\nextensions.packages is set but extensions.image.repository is empty: no extension jars would be on the class path.\nSet extensions.image.repository and extensions.image.tag to the image holding the jars; for packages in the service's own image, set whereby.triggers.packages in extraConfig instead." }}
{{- end }}
{{- if and $extensions.image.repository (regexMatch "^/app/extensions(/|$)" $extensions.path) }}
{{- fail (printf "\n\nextensions.path (%s) is in /app/extensions, where the init container mounts the emptyDir it copies into: the mount would hide the jars.\nSet extensions.path to the folder of the extension image that holds the jars (e.g. /extensions)." $extensions.path) }}
{{- end }}
{{- if and $extensions.image.repository (not $extensions.image.tag) }}
{{- fail "\n\nextensions.image.tag is empty: set the tag of the extension image (extensions.image.repository), so that every pod gets the same jars." }}
{{- end }}
{{- end }}

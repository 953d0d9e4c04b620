{{/* Names, labels and the settings every component shares. */}}

{{- define "benuo.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "benuo.fullname" -}}
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

{{/* "<fullname>-<component>"; call with (dict "root" $ "component" "gateway"). */}}
{{- define "benuo.componentName" -}}
{{- printf "%s-%s" (include "benuo.fullname" .root) .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "benuo.selectorLabels" -}}
app.kubernetes.io/name: {{ include "benuo.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "benuo.labels" -}}
{{ include "benuo.selectorLabels" . }}
app.kubernetes.io/part-of: benuo
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "benuo.image" -}}
{{- printf "%s-%s:%s" .root.Values.image.repositoryPrefix .component (default .root.Chart.AppVersion .root.Values.image.tag) -}}
{{- end -}}

{{/* A service's values: serviceDefaults with services.<name> merged over them (as JSON). */}}
{{- define "benuo.serviceValues" -}}
{{- $own := index .root.Values.services .component -}}
{{- mergeOverwrite (deepCopy .root.Values.serviceDefaults) (deepCopy $own) | toJson -}}
{{- end -}}

{{/* The services other than the gateway, in a stable order. */}}
{{- define "benuo.backendServices" -}}
{{- without (keys .Values.services | sortAlpha) "gateway" | toJson -}}
{{- end -}}

{{- define "benuo.natsUrl" -}}
{{- if .Values.nats.enabled -}}
{{- printf "nats://%s-nats:4222" .Release.Name -}}
{{- else -}}
{{- .Values.nats.url -}}
{{- end -}}
{{- end -}}

{{- define "benuo.natsSecretName" -}}
{{- default (printf "%s-nats-users" (include "benuo.fullname" .)) .Values.nats.auth.existingSecret -}}
{{- end -}}

{{- define "benuo.signingKeySecretName" -}}
{{- default (printf "%s-signing-key" (include "benuo.fullname" .)) .Values.gateway.signingKey.existingSecret -}}
{{- end -}}

{{/* Every NATS user: the four services, the admin, the integrators. */}}
{{- define "benuo.natsUsers" -}}
{{- $users := keys .Values.services | sortAlpha -}}
{{- $users = append $users .Values.nats.auth.admin -}}
{{- concat $users .Values.nats.auth.integrators | toJson -}}
{{- end -}}

{{/* The environment variable NATS reads a user's password from. */}}
{{- define "benuo.natsPasswordVariable" -}}
{{- printf "BENUO_NATS_%s_PASSWORD" (. | upper | replace "-" "_") -}}
{{- end -}}

{{/*
Hooks run before an install when every backing server is outside the release; a bundled
server only exists after the install, so then the first run comes after it.
*/}}
{{- define "benuo.hookPhases" -}}
{{- if or .Values.nats.enabled .Values.postgresql.enabled -}}
post-install,pre-upgrade
{{- else -}}
pre-install,pre-upgrade
{{- end -}}
{{- end -}}

{{/* NATS credentials of a user, and NATS_URL (for clients that read only the URL). */}}
{{- define "benuo.natsEnv" -}}
- name: NATS_USER
  value: {{ .user | quote }}
- name: NATS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "benuo.natsSecretName" .root }}
      key: {{ .user }}
{{- end -}}

{{/* DATABASE_URL of a service (from its Secret, or built for the bundled PostgreSQL). */}}
{{- define "benuo.databaseEnv" -}}
{{- $svc := fromJson (include "benuo.serviceValues" .) -}}
{{- if .root.Values.postgresql.enabled }}
- name: DATABASE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ default (printf "%s-postgresql" .root.Release.Name) .root.Values.postgresql.auth.existingSecret }}
      key: password
- name: DATABASE_URL
  value: {{ printf "postgresql://%s:$(DATABASE_PASSWORD)@%s-postgresql:5432/%s" .root.Values.postgresql.auth.username .root.Release.Name .component | quote }}
{{- else }}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ required (printf "services.%s.database.existingSecret is required (or postgresql.enabled)" .component) $svc.database.existingSecret }}
      key: {{ $svc.database.key }}
{{- end }}
{{- end -}}

{{- define "benuo.redisEnv" -}}
{{- if .Values.redis.enabled }}
- name: REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ printf "%s-redis" .Release.Name }}
      key: redis-password
- name: REDIS_URL
  value: {{ printf "redis://:$(REDIS_PASSWORD)@%s-redis-master:6379/0" .Release.Name | quote }}
{{- else }}
- name: REDIS_URL
  valueFrom:
    secretKeyRef:
      name: {{ required "redis.existingSecret is required (or redis.enabled)" .Values.redis.existingSecret }}
      key: {{ .Values.redis.key }}
{{- end }}
{{- end -}}


{{/*
The NATS authorisation block (nats-server configuration syntax). Passwords are read from
the server's environment, so this text holds no secret and can live in a ConfigMap.
*/}}
{{- define "benuo.natsAuthConfig" -}}
{{- $jetstreamRead := list "$JS.API.INFO" "$JS.API.STREAM.NAMES" "$JS.API.STREAM.LIST" "$JS.API.STREAM.INFO.*" "$JS.API.STREAM.MSG.GET.*" "$JS.API.DIRECT.GET.>" -}}
# Benuo NATS users, rendered by the benuo Helm chart (templates/_nats.tpl).
# Services publish their own pillar's events and dead letters, and run their durable
# consumers; integrators read streams through consumers named after themselves and
# publish nothing; the admin provisions streams and replays dead letters.
authorization {
  users = [
{{- range $component := keys .Values.services | sortAlpha }}
{{- $pillar := (index $.Values.services $component).pillar }}
    {
      user: {{ $component | quote }}
      password: ${{ include "benuo.natsPasswordVariable" $component }}
      permissions: {
{{- if eq $component "gateway" }}
        {{- /* The gateway reads every pillar: invalidation subscribes to ppu.>, SSE runs
               ordered consumers that answer JetStream's flow control. */}}
        publish: { allow: {{ include "benuo.natsSubjects" (concat (list (printf "ppu.%s.>" $pillar) "benuo.dlq.>") $jetstreamRead (list "$JS.API.CONSUMER.>" "$JS.ACK.>" "$JS.FC.>")) }} }
        subscribe: { allow: ["_INBOX.>", "ppu.>"] }
{{- else }}
        publish: { allow: {{ include "benuo.natsSubjects" (concat (list (printf "ppu.%s.>" $pillar) "benuo.dlq.>") $jetstreamRead (list "$JS.API.CONSUMER.>" "$JS.ACK.>")) }} }
        subscribe: { allow: ["_INBOX.>"] }
{{- end }}
      }
    }
{{- end }}
{{- range $integrator := .Values.nats.auth.integrators }}
    {
      user: {{ $integrator | quote }}
      password: ${{ include "benuo.natsPasswordVariable" $integrator }}
      permissions: {
        publish: { allow: {{ include "benuo.natsSubjects" (concat $jetstreamRead (list (printf "$JS.API.CONSUMER.CREATE.*.%s" $integrator) (printf "$JS.API.CONSUMER.CREATE.*.%s.>" $integrator) (printf "$JS.API.CONSUMER.DURABLE.CREATE.*.%s" $integrator) (printf "$JS.API.CONSUMER.INFO.*.%s" $integrator) (printf "$JS.API.CONSUMER.MSG.NEXT.*.%s" $integrator) (printf "$JS.API.CONSUMER.DELETE.*.%s" $integrator) (printf "$JS.ACK.*.%s.>" $integrator))) }} }
        subscribe: { allow: ["_INBOX.>"] }
      }
    }
{{- end }}
    {
      user: {{ .Values.nats.auth.admin | quote }}
      password: ${{ include "benuo.natsPasswordVariable" .Values.nats.auth.admin }}
    }
  ]
}
{{- end -}}

{{/* A list of subjects in NATS configuration syntax (toJson would escape ">"). */}}
{{- define "benuo.natsSubjects" -}}
[{{ range $index, $subject := . }}{{ if $index }}, {{ end }}"{{ $subject }}"{{ end }}]
{{- end -}}

{{/* Egress rules: each kind of backing server on its port only, to the peers configured. */}}
{{- define "benuo.egressRule" -}}
{{- $np := .root.Values.networkPolicy -}}
{{- $ports := index $np.ports .kind -}}
{{- $to := index $np.egressTo .kind -}}
- ports:
    {{- range $port := (kindIs "slice" $ports | ternary $ports (list $ports)) }}
    {{- range $protocol := ($.udp | ternary (list "UDP" "TCP") (list "TCP")) }}
    - {port: {{ $port }}, protocol: {{ $protocol }}}
    {{- end }}
    {{- end }}
  {{- with $to }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end -}}

{{/* What every Benuo pod may reach: DNS, NATS, PostgreSQL and the OTLP collector. */}}
{{- define "benuo.commonEgress" -}}
{{ include "benuo.egressRule" (dict "root" . "kind" "dns" "udp" true) }}
{{ include "benuo.egressRule" (dict "root" . "kind" "nats" "udp" false) }}
{{ include "benuo.egressRule" (dict "root" . "kind" "postgresql" "udp" false) }}
{{ include "benuo.egressRule" (dict "root" . "kind" "otlp" "udp" false) }}
{{- end -}}

{{/* A rule allowing traffic to (or from) one component's pods on its HTTP port. */}}
{{- define "benuo.componentPeer" -}}
- podSelector:
    matchLabels:
      {{- include "benuo.selectorLabels" . | nindent 6 }}
{{- end -}}

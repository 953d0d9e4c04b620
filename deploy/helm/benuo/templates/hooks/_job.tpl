{{/* The pod spec shared by the hook Jobs: hardened like the services, no token. */}}
{{- define "benuo.hookJobSpec" -}}
backoffLimit: {{ .root.Values.hooks.backoffLimit }}
activeDeadlineSeconds: {{ .root.Values.hooks.activeDeadlineSeconds }}
ttlSecondsAfterFinished: 3600
template:
  metadata:
    labels:
      {{- include "benuo.labels" (dict "root" .root "component" .component) | nindent 6 }}
      benuo.dev/hook: "true"
  spec:
    restartPolicy: Never
    serviceAccountName: {{ include "benuo.componentName" (dict "root" .root "component" "hooks") }}
    automountServiceAccountToken: false
    securityContext:
      {{- toYaml .root.Values.podSecurityContext | nindent 6 }}
    {{- with .root.Values.imagePullSecrets }}
    imagePullSecrets:
      {{- toYaml . | nindent 6 }}
    {{- end }}
    containers:
      - name: {{ .component }}
        image: {{ include "benuo.image" (dict "root" .root "component" .image) }}
        imagePullPolicy: {{ .root.Values.image.pullPolicy }}
        {{- with .command }}
        command: {{ toJson . }}
        {{- end }}
        {{- with .args }}
        args: {{ toJson . }}
        {{- end }}
        env:
          - name: ENVIRONMENT
            value: {{ .root.Values.environment | quote }}
          - name: LOG_LEVEL
            value: {{ .root.Values.logLevel | quote }}
          {{- .env | nindent 10 }}
        resources:
          {{- toYaml .root.Values.hooks.resources | nindent 10 }}
        securityContext:
          {{- toYaml .root.Values.securityContext | nindent 10 }}
        volumeMounts:
          - name: tmp
            mountPath: /tmp
    volumes:
      - name: tmp
        emptyDir: {sizeLimit: 64Mi}
{{- end -}}

{{- define "benuo.hookAnnotations" -}}
helm.sh/hook: {{ include "benuo.hookPhases" .root }}
helm.sh/hook-weight: {{ .weight | quote }}
# Kept after it ran (finished Jobs expire after ttlSecondsAfterFinished), so operators
# and `benuo status` can see a failure; replaced by the next run.
helm.sh/hook-delete-policy: before-hook-creation
{{- end -}}

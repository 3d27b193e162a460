{{/*
The chart's name, or nameOverride: also the `app` label the DaemonSet selects its pods by. It is the same selector as
the incumbent chart's, so `helm upgrade` of an incumbent release to this chart keeps the DaemonSet (a selector cannot
change).
*/}}
{{- define "provider.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The objects' name: fullnameOverride, else the release name, followed by the name unless it already holds it. */}}
{{- define "provider.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := include "provider.name" . -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* The chart label's value. */}}
{{- define "provider.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The metrics Service's name: a DNS label, so at most 63 characters with its suffix. */}}
{{- define "provider.metricsServiceName" -}}
{{- printf "%s-metrics" (include "provider.fullname" . | trunc 55 | trimSuffix "-") -}}
{{- end -}}

{{/* The ServiceAccount the provider runs as. */}}
{{- define "provider.serviceAccountName" -}}
{{- default (include "provider.fullname" .) .Values.rbac.serviceAccountName -}}
{{- end -}}

{{/* The DaemonSet's selector (immutable once created). */}}
{{- define "provider.selectorLabels" -}}
app: {{ include "provider.name" . }}
{{- end -}}

{{/* The chart's own labels, as a dictionary. */}}
{{- define "provider.ownLabels" -}}
{{- $labels := dict "app" (include "provider.name" .) "app.kubernetes.io/name" (include "provider.name" .) -}}
{{- $_ := set $labels "app.kubernetes.io/instance" .Release.Name -}}
{{- $_ := set $labels "app.kubernetes.io/managed-by" .Release.Service -}}
{{- $_ := set $labels "helm.sh/chart" (include "provider.chart" .) -}}
{{- with .Chart.AppVersion -}}
{{- $_ := set $labels "app.kubernetes.io/version" . -}}
{{- end -}}
{{- toYaml $labels -}}
{{- end -}}

{{/*
Labels of every object: the chart's own and commonLabels. A key given twice would be invalid YAML, so they are merged,
and the chart's own win (the selector must stay).
*/}}
{{- define "provider.labels" -}}
{{- $own := include "provider.ownLabels" . | fromYaml -}}
{{- toYaml (merge $own (deepCopy (.Values.commonLabels | default dict))) -}}
{{- end -}}

{{/* Labels of the provider's pods: those of every object and podLabels. */}}
{{- define "provider.podLabels" -}}
{{- $labels := include "provider.labels" . | fromYaml -}}
{{- toYaml (merge $labels (deepCopy (.Values.podLabels | default dict))) -}}
{{- end -}}

{{/* The labels the metrics Service selects the provider's pods by, and a ServiceMonitor the Service by. */}}
{{- define "provider.instanceSelectorLabels" -}}
{{ include "provider.selectorLabels" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* --health-addr: every interface, or 127.0.0.1 alone with health.localhostOnly. */}}
{{- define "provider.healthAddress" -}}
{{- if .Values.health.localhostOnly }}127.0.0.1{{ end }}:{{ .Values.health.port }}
{{- end -}}

{{/*
The action of a probe of `path` (called with a list: the root context and the path). The kubelet's httpGet reaches the
pod's IP only, so with health.localhostOnly the probe runs the provider's own `probe` command in the container (the
image has no curl or wget): it GETs the path on 127.0.0.1 and exits 0 for a 2xx or 3xx answer, as httpGet would.
*/}}
{{- define "provider.probe" -}}
{{- $root := index . 0 -}}
{{- $path := index . 1 -}}
{{- if $root.Values.health.localhostOnly -}}
exec:
  command:
    - /bin/secrets-store-csi-driver-provider-aws
    - probe
    - --health-addr={{ include "provider.healthAddress" $root }}
    - {{ $path }}
{{- else -}}
httpGet:
  path: {{ $path }}
  port: health
{{- end -}}
{{- end -}}

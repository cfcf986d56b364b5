import { describe, expect, it } from 'vitest';
import { formatTemplateKeys, harvestTemplateKeys, parseTemplateKeys } from '../src/charts.js';

const deployment = `
apiVersion: apps/v1
kind: Deployment
spec:
  replicas: {{ .Values.replicaCount }}
  {{- with .Values.nodeSelector }}
  nodeSelector: {{- toYaml . | nindent 8 }}
  {{- end }}
  template:
    spec:
      containers:
        - image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
          resources: {{- toYaml .Values.resources | nindent 12 }}
          env: {{ .Values.extraEnv | toYaml }}
          {{- range $k, $v := .Values.podLabels }}
          {{- if $.Values.metrics.enabled }}
          port: {{ index .Values "grafana.ini" "server" "http_port" }}
`;
const validate = `
{{- if .Values.tunnel }}{{ fail "tunnel was removed: use routingMode" }}{{ end }}
{{- if and .Values.image.tag (not .Values.image.digest) }}{{ fail "never" }}{{ end }}
`;

describe('template key harvest', () => {
  const harvest = harvestTemplateKeys([
    { path: 'templates/deployment.yaml', text: deployment },
    { path: 'templates/validate.yaml', text: validate },
  ]);

  it('finds .Values chains, $.Values, and index with quoted keys', () => {
    expect(harvest.exact).toEqual(['"grafana.ini".server.http_port', 'image.digest', 'image.repository', 'image.tag', 'metrics.enabled', 'replicaCount', 'tunnel']);
  });

  it('marks maps passed through whole (toYaml, | toYaml, range, with)', () => {
    expect(harvest.open).toEqual(['extraEnv', 'nodeSelector', 'podLabels', 'resources']);
  });

  it('lists keys read only on fail lines', () => {
    expect(harvest.failOnly).toEqual(['image.digest', 'tunnel']);
  });

  it('writes the template-keys.txt format that contracts read back', () => {
    const text = formatTemplateKeys(harvest, { chart: 'demo', version: '1.0.0', files: 2, conditions: ['sub.enabled'] });
    const parsed = parseTemplateKeys(text);
    expect(parsed.open).toContainEqual(['resources']);
    expect(parsed.exact).toContainEqual(['grafana.ini', 'server', 'http_port']);
    expect(parsed.failOnly).toEqual([['image', 'digest'], ['tunnel']]);
    expect(parsed.conditions).toEqual([['sub', 'enabled']]);
  });
});

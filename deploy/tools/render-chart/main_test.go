package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeChart lays out a chart in a temporary directory: files maps paths to contents.
func writeChart(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	base := map[string]string{"Chart.yaml": "apiVersion: v2\nname: demo\nversion: 1.2.3\nappVersion: \"4.5\"\n"}
	for p, text := range files {
		base[p] = text
	}
	for p, text := range base {
		full := filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func render(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := run(args, &out)
	return out.String(), err
}

func TestValuesFilesMergeAndNullDeletes(t *testing.T) {
	dir := writeChart(t, map[string]string{
		"values.yaml":            "a:\n  keep: 1\n  drop: 2\n  over: x\nlist: [1, 2]\n",
		"templates/cm.yaml":      "keep: {{ .Values.a.keep }}\ndrop: {{ .Values.a.drop }}\nover: {{ .Values.a.over }}\nlist: {{ .Values.list }}\n",
		"override.yaml":          "a:\n  drop: null\n  over: z\nlist: [3]\n",
		"templates/_helpers.tpl": "{{ define \"x\" }}unused{{ end }}",
	})
	out, err := render(t, "-f", filepath.Join(dir, "override.yaml"), dir)
	if err != nil {
		t.Fatal(err)
	}
	want := "---\n# Source: demo/templates/cm.yaml\nkeep: 1\ndrop: \nover: z\nlist: [3]\n"
	if out != want {
		t.Fatalf("got %q, want %q", out, want)
	}
}

func TestReleaseChartAndHelmFunctions(t *testing.T) {
	dir := writeChart(t, map[string]string{
		"values.yaml":            "labels:\n  b: \"2\"\n  a: \"1\"\nname: \"{{ .Release.Name }}-x\"\n",
		"templates/_helpers.tpl": "{{- define \"demo.name\" -}}{{ .Chart.Name }}-{{ .Chart.Version }}{{- end -}}",
		"templates/obj.yaml": "name: {{ include \"demo.name\" . }}\n" +
			"app: {{ .Chart.AppVersion }}\nns: {{ .Release.Namespace }}\n" +
			"tpl: {{ tpl .Values.name . }}\nlabels:\n  {{- toYaml .Values.labels | nindent 2 }}\n" +
			"upper: {{ \"abc\" | upper }}\n",
	})
	out, err := render(t, "-name", "rel", "-namespace", "ns1", dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"name: demo-1.2.3\n", "app: 4.5\n", "ns: ns1\n", "tpl: rel-x\n", "labels:\n  a: \"1\"\n  b: \"2\"\n", "upper: ABC\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestRequiredAndFailStopTheRender(t *testing.T) {
	dir := writeChart(t, map[string]string{
		"values.yaml":        "host: \"\"\n",
		"templates/obj.yaml": "host: {{ required \"host is required\" .Values.host }}\n",
	})
	if _, err := render(t, dir); err == nil || !strings.Contains(err.Error(), "host is required") {
		t.Fatalf("want the required message, got %v", err)
	}
	dir = writeChart(t, map[string]string{"templates/obj.yaml": "{{ fail \"no way\" }}\n"})
	if _, err := render(t, dir); err == nil || !strings.Contains(err.Error(), "no way") {
		t.Fatalf("want the fail message, got %v", err)
	}
}

func TestOutsideTheSubsetIsAnError(t *testing.T) {
	for name, text := range map[string]string{
		"lookup": "{{ lookup \"v1\" \"Secret\" \"ns\" \"x\" }}",
		"env":    "{{ env \"HOME\" }}",
		"files":  "{{ .Files.Get \"x\" }}",
		"broken": "{{ if true }}unclosed",
	} {
		dir := writeChart(t, map[string]string{"templates/obj.yaml": text})
		if out, err := render(t, dir); err == nil {
			t.Errorf("%s: rendered %q, want an error", name, out)
		}
	}
}

func TestDocumentsSplitNotesAndValues(t *testing.T) {
	dir := writeChart(t, map[string]string{
		"values.yaml":          "count: 2\n",
		"templates/two.yaml":   "{{- range until (int .Values.count) }}\n---\nindex: {{ . }}\n{{- end }}\n",
		"templates/empty.yaml": "{{- if false }}\nnever: true\n{{- end }}\n",
		"templates/NOTES.txt":  "Installed {{ .Release.Name }}.\n",
	})
	out, err := render(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	want := "---\n# Source: demo/templates/two.yaml\nindex: 0\n---\n# Source: demo/templates/two.yaml\nindex: 1\n"
	if out != want {
		t.Fatalf("got %q, want %q", out, want)
	}
	notes, err := render(t, "-notes", dir)
	if err != nil || notes != "Installed taskstream.\n" {
		t.Fatalf("notes: %q, %v", notes, err)
	}
	values, err := render(t, "-values", dir)
	if err != nil || !strings.Contains(values, "\"count\": 2") {
		t.Fatalf("values: %q, %v", values, err)
	}
}

func TestChartYamlMustBeV2WithoutSubcharts(t *testing.T) {
	dir := writeChart(t, map[string]string{"Chart.yaml": "apiVersion: v1\nname: demo\nversion: 1.0.0\n"})
	if _, err := render(t, dir); err == nil {
		t.Fatal("apiVersion v1 accepted")
	}
	dir = writeChart(t, map[string]string{"Chart.yaml": "apiVersion: v2\nname: demo\nversion: 1.0.0\ndependencies:\n  - name: x\n"})
	if _, err := render(t, dir); err == nil {
		t.Fatal("subcharts accepted")
	}
}

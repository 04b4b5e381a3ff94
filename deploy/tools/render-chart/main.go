// Command render-chart renders a Helm chart's templates without a helm binary or a cluster.
//
//	render-chart [-f values.yaml]... [-name RELEASE] [-namespace NS] [-notes | -values] CHART_DIR
//
// It implements the subset of Helm that the Taskstream chart keeps to (see docs/deploy.md):
// .Values (values.yaml deep-merged with each -f file in order, a null removing a key), .Release
// (Name, Namespace, Service, IsInstall, IsUpgrade, Revision), .Chart (Name, Version, AppVersion,
// Description, Type, KubeVersion), .Template (Name, BasePath), Sprig's functions less env and
// expandenv, and Helm's include, tpl, required, toYaml, fromYaml, toJson. Missing keys render
// as empty strings, as in Helm. Anything else (lookup, .Files, .Capabilities, subcharts) is
// outside the subset: the template fails to parse or to execute, and the command exits 1.
//
// Output: every non-empty rendered document as "---\n# Source: CHART/templates/FILE\n..." on
// stdout, with -notes the rendered NOTES.txt, with -values the merged values as JSON (what Helm
// validates against values.schema.json). Errors go to stderr with exit status 1.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig"
	"sigs.k8s.io/yaml"
)

var docSeparator = regexp.MustCompile(`(?m)^---[ \t]*$`)

type valueFiles []string

func (v *valueFiles) String() string     { return strings.Join(*v, ",") }
func (v *valueFiles) Set(s string) error { *v = append(*v, s); return nil }

func readYAMLMap(path string) (map[string]interface{}, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	m := map[string]interface{}{}
	if err := yaml.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if m == nil {
		m = map[string]interface{}{}
	}
	return m, nil
}

// merge lays src over dst as Helm does for -f files: maps merge key by key, anything else
// replaces, and an explicit null deletes the key.
func merge(dst, src map[string]interface{}) map[string]interface{} {
	for k, sv := range src {
		if sv == nil {
			delete(dst, k)
			continue
		}
		sm, sIsMap := sv.(map[string]interface{})
		dm, dIsMap := dst[k].(map[string]interface{})
		if sIsMap && dIsMap {
			dst[k] = merge(dm, sm)
		} else {
			dst[k] = sv
		}
	}
	return dst
}

func str(m map[string]interface{}, key string) string {
	if v, ok := m[key]; ok && v != nil {
		return fmt.Sprint(v)
	}
	return ""
}

type renderer struct {
	root *template.Template
}

func (r *renderer) include(name string, data interface{}) (string, error) {
	t := r.root.Lookup(name)
	if t == nil {
		return "", fmt.Errorf("include: no template %q", name)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		return "", err
	}
	return buf.String(), nil
}

func (r *renderer) tpl(text string, data interface{}) (string, error) {
	clone, err := r.root.Clone()
	if err != nil {
		return "", err
	}
	t, err := clone.New("tpl").Parse(text)
	if err != nil {
		return "", fmt.Errorf("tpl: %v", err)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		return "", fmt.Errorf("tpl: %v", err)
	}
	return strings.ReplaceAll(buf.String(), "<no value>", ""), nil
}

func required(msg string, v interface{}) (interface{}, error) {
	if v == nil {
		return nil, errors.New(msg)
	}
	if s, ok := v.(string); ok && s == "" {
		return nil, errors.New(msg)
	}
	return v, nil
}

func toYAML(v interface{}) string {
	data, err := yaml.Marshal(v)
	if err != nil {
		return ""
	}
	return strings.TrimSuffix(string(data), "\n")
}

func fromYAML(s string) map[string]interface{} {
	m := map[string]interface{}{}
	if err := yaml.Unmarshal([]byte(s), &m); err != nil {
		m["Error"] = err.Error()
	}
	return m
}

func (r *renderer) funcs() template.FuncMap {
	f := sprig.TxtFuncMap()
	// Helm leaves out the functions that read the renderer's environment.
	delete(f, "env")
	delete(f, "expandenv")
	f["include"] = r.include
	f["tpl"] = r.tpl
	f["required"] = required
	f["toYaml"] = toYAML
	f["fromYaml"] = fromYAML
	return f
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("render-chart", flag.ContinueOnError)
	var files valueFiles
	fs.Var(&files, "f", "values file laid over the chart's values.yaml (repeatable, later wins)")
	name := fs.String("name", "taskstream", "release name")
	namespace := fs.String("namespace", "default", "release namespace")
	notes := fs.Bool("notes", false, "render templates/NOTES.txt instead of the manifests")
	dumpValues := fs.Bool("values", false, "print the merged values as JSON instead of rendering")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("usage: render-chart [-f values.yaml]... [-name R] [-namespace NS] [-notes | -values] CHART_DIR")
	}
	chartDir := fs.Arg(0)

	chartMeta, err := readYAMLMap(filepath.Join(chartDir, "Chart.yaml"))
	if err != nil {
		return err
	}
	if str(chartMeta, "apiVersion") != "v2" {
		return fmt.Errorf("%s/Chart.yaml: apiVersion must be v2", chartDir)
	}
	chartName := str(chartMeta, "name")
	if chartName == "" {
		return fmt.Errorf("%s/Chart.yaml: no name", chartDir)
	}
	if deps, ok := chartMeta["dependencies"]; ok && deps != nil {
		return errors.New("Chart.yaml: dependencies (subcharts) are outside the supported subset")
	}
	values := map[string]interface{}{}
	if _, err := os.Stat(filepath.Join(chartDir, "values.yaml")); err == nil {
		if values, err = readYAMLMap(filepath.Join(chartDir, "values.yaml")); err != nil {
			return err
		}
	}
	for _, f := range files {
		over, err := readYAMLMap(f)
		if err != nil {
			return err
		}
		values = merge(values, over)
	}

	if *dumpValues {
		data, err := json.MarshalIndent(values, "", "  ")
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(stdout, "%s\n", data)
		return err
	}

	r := &renderer{}
	r.root = template.New(chartName).Funcs(r.funcs()).Option("missingkey=zero")

	templatesDir := filepath.Join(chartDir, "templates")
	var paths []string
	err = filepath.Walk(templatesDir, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if !info.IsDir() {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	sort.Strings(paths)
	names := map[string]string{}
	for _, p := range paths {
		rel, _ := filepath.Rel(chartDir, p)
		tname := chartName + "/" + filepath.ToSlash(rel)
		text, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if _, err := r.root.New(tname).Parse(string(text)); err != nil {
			return err
		}
		names[p] = tname
	}

	release := map[string]interface{}{
		"Name": *name, "Namespace": *namespace, "Service": "Helm",
		"IsInstall": true, "IsUpgrade": false, "Revision": 1,
	}
	chart := map[string]interface{}{
		"Name": chartName, "Version": str(chartMeta, "version"), "AppVersion": str(chartMeta, "appVersion"),
		"Description": str(chartMeta, "description"), "Type": str(chartMeta, "type"),
		"KubeVersion": str(chartMeta, "kubeVersion"),
	}

	var out bytes.Buffer
	for _, p := range paths {
		tname := names[p]
		base := filepath.Base(p)
		isNotes := base == "NOTES.txt"
		if strings.HasPrefix(base, "_") || isNotes != *notes {
			continue
		}
		data := map[string]interface{}{
			"Values": values, "Release": release, "Chart": chart,
			"Template": map[string]interface{}{"Name": tname, "BasePath": chartName + "/templates"},
		}
		var buf bytes.Buffer
		if err := r.root.Lookup(tname).Execute(&buf, data); err != nil {
			return err
		}
		text := strings.ReplaceAll(buf.String(), "<no value>", "")
		if strings.TrimSpace(text) == "" {
			continue
		}
		if *notes {
			out.WriteString(text)
			continue
		}
		// One file may hold several documents; each is written with the file it came from.
		for _, doc := range docSeparator.Split(text, -1) {
			if strings.TrimSpace(doc) == "" {
				continue
			}
			fmt.Fprintf(&out, "---\n# Source: %s\n%s\n", tname, strings.Trim(doc, "\n"))
		}
	}
	_, err = stdout.Write(out.Bytes())
	return err
}

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "render-chart:", err)
		os.Exit(1)
	}
}

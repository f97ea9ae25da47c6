// Package archtest keeps docs/architecture.md true: it reads newsbridge's
// package graph from `go list`, checks it against the layering rules in the
// tables below, and compares it with docs/architecture.dot, the picture's
// source. After a change to the graph, run scripts/archgraph to redraw the
// picture; after a new package, give it a layer (and a line in the doc).
package archtest

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
)

// The rules. Patterns are package paths below the module ("store"); "x/..."
// matches x and every package under it. A package takes the most specific
// pattern that matches it: an exact path beats a wildcard, a longer wildcard
// a shorter one.

// layers lists the packages from the bottom up. A package may import
// packages of its own layer and of the layers below it, never of a layer
// above. In an isolated layer each pattern is a group of its own (a stage),
// and a group may import another group of its layer only where
// allowedAcross says so.
var layers = []struct {
	name     string
	isolated bool
	patterns []string
}{
	{name: "domain", patterns: []string{"model", "internal/inline", "internal/httpfast", "metrics"}},
	{name: "storage and engine contract", patterns: []string{"store", "translate/engine", "translate/engine/placeholder"}},
	{name: "stages", isolated: true, patterns: []string{
		"ingest/feed", "ingest/fetch", "extract/...", "translate/...", "search", "syndication", "site", "publish",
		"exchange/...", "media",
	}},
	// The services build on the stages: the pipeline's jobs run them, the
	// service is the newsroom's operations, api, editor and web serve them;
	// client calls api from elsewhere.
	{name: "services", patterns: []string{"pipeline", "service", "api", "client", "editor", "web"}},
	{name: "configuration", patterns: []string{"config"}},
	{name: "composition root", patterns: []string{"app"}},
	{name: "commands", patterns: []string{"cli", "cmd/...", "demo"}},
}

// allowedAcross lists the imports between groups of an isolated layer (the
// stages) that the design accepts, each with its reason.
var allowedAcross = []struct{ from, to, why string }{
	{"site", "search", "the search page queries the index (search.Index, search.Query)"},
	{"site", "syndication", "feeds, sitemaps and robots.txt are rendered by syndication"},
}

// importedOnlyBy restricts who may import a package, whatever the layers
// allow.
var importedOnlyBy = []struct {
	pkg string
	by  []string
}{
	{"app", []string{"cli", "cmd/..."}},
}

// testHelpers are packages for tests only: they are left out of the graph,
// and no package's non-test code may import them.
var testHelpers = []string{"internal/pgtest", "translate/engine/enginetest"}

const module = "newsbridge"

var update = flag.Bool("update", false, "rewrite docs/architecture.dot from the code")

// pkg is one package of the module as `go list` sees it, without tests.
type pkg struct {
	path    string   // below the module: "translate/engine"
	imports []string // the module's packages it imports, below the module
}

// root is the repository root, from this package's directory.
const root = "../.."

var graph struct {
	once sync.Once
	pkgs []pkg
	err  error
}

// loadGraph lists the module's packages that have non-test Go files, with
// their imports of other packages of the module (test imports excluded).
func loadGraph(t *testing.T) []pkg {
	t.Helper()
	graph.once.Do(func() { graph.pkgs, graph.err = goList() })
	if graph.err != nil {
		t.Fatal(graph.err)
	}
	return graph.pkgs
}

func goList() ([]pkg, error) {
	cmd := exec.Command("go", "list", "-f", `{{.ImportPath}}	{{len .GoFiles}}	{{join .Imports " "}}`, "./...")
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %v\n%s", err, stderr.String())
	}
	var pkgs []pkg
	for line := range strings.SplitSeq(strings.TrimSpace(string(out)), "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			return nil, fmt.Errorf("go list: unexpected line %q", line)
		}
		p, ok := local(f[0])
		if !ok || f[1] == "0" {
			continue // another module's package, or tests only (e2e, this one)
		}
		var imps []string
		for imp := range strings.FieldsSeq(f[2]) {
			if l, ok := local(imp); ok {
				imps = append(imps, l)
			}
		}
		sort.Strings(imps)
		pkgs = append(pkgs, pkg{path: p, imports: imps})
	}
	sort.Slice(pkgs, func(i, j int) bool { return pkgs[i].path < pkgs[j].path })
	return pkgs, nil
}

// local returns an import path below the module, and whether it is one.
func local(importPath string) (string, bool) {
	if importPath == module {
		return ".", true
	}
	return strings.CutPrefix(importPath, module+"/")
}

// match reports how specifically pattern matches path: 0 when it does not,
// higher for a closer match.
func match(pattern, path string) int {
	if base, ok := strings.CutSuffix(pattern, "/..."); ok {
		if path == base || strings.HasPrefix(path, base+"/") {
			return 1 + len(base)
		}
		return 0
	}
	if pattern == path {
		return 1 << 20
	}
	return 0
}

// placement is where a package sits in the tables: its layer and, in that
// layer, the pattern (its group) that matched.
type placement struct {
	layer int
	group string
}

// place finds path's layer and group; ok is false when no pattern matches.
func place(path string) (placement, bool) {
	best, where := 0, placement{}
	for i, l := range layers {
		for _, p := range l.patterns {
			if m := match(p, path); m > best {
				best, where = m, placement{i, p}
			}
		}
	}
	return where, best > 0
}

func matchesAny(patterns []string, path string) bool {
	return slices.ContainsFunc(patterns, func(p string) bool { return match(p, path) > 0 })
}

// violations checks pkgs against the tables and returns one line per broken
// rule, naming the package, the import and the rule.
func violations(pkgs []pkg) []string {
	var bad []string
	used := map[string]bool{}
	for _, p := range pkgs {
		if matchesAny(testHelpers, p.path) {
			continue
		}
		from, ok := place(p.path)
		if !ok {
			bad = append(bad, fmt.Sprintf("%s: in no layer; add it to layers in internal/archtest/arch_test.go (and a line to docs/architecture.md)", p.path))
			continue
		}
		used[from.group] = true
		for _, imp := range p.imports {
			if matchesAny(testHelpers, imp) {
				bad = append(bad, fmt.Sprintf("%s imports %s: a test helper, for tests only", p.path, imp))
				continue
			}
			for _, r := range importedOnlyBy {
				if imp == r.pkg && !matchesAny(r.by, p.path) {
					bad = append(bad, fmt.Sprintf("%s imports %s: only %s may", p.path, imp, strings.Join(r.by, ", ")))
				}
			}
			to, ok := place(imp)
			if !ok {
				continue // reported as the imported package's own line
			}
			switch {
			case to.layer > from.layer:
				bad = append(bad, fmt.Sprintf("%s imports %s: layer %q may not import the higher layer %q",
					p.path, imp, layers[from.layer].name, layers[to.layer].name))
			case to.layer == from.layer && layers[from.layer].isolated && to.group != from.group && !allowed(from.group, to.group):
				bad = append(bad, fmt.Sprintf("%s imports %s: %s and %s are separate %s; allow it in allowedAcross, with the reason, or go through a lower layer",
					p.path, imp, from.group, to.group, layers[from.layer].name))
			}
		}
	}
	for _, l := range layers {
		for _, p := range l.patterns {
			if !used[p] {
				bad = append(bad, fmt.Sprintf("layers: %q (%s) matches no package; remove it", p, l.name))
			}
		}
	}
	for _, a := range allowedAcross {
		if !importsAcross(pkgs, a.from, a.to) {
			bad = append(bad, fmt.Sprintf("allowedAcross: %s no longer imports %s; remove the entry", a.from, a.to))
		}
	}
	return bad
}

func allowed(from, to string) bool {
	return slices.ContainsFunc(allowedAcross, func(a struct{ from, to, why string }) bool {
		return a.from == from && a.to == to
	})
}

// importsAcross reports whether a package of group from imports one of
// group to.
func importsAcross(pkgs []pkg, from, to string) bool {
	for _, p := range pkgs {
		if f, _ := place(p.path); f.group != from {
			continue
		}
		for _, imp := range p.imports {
			if t, _ := place(imp); t.group == to {
				return true
			}
		}
	}
	return false
}

// TestLayers fails when an import breaks the layering rules above.
func TestLayers(t *testing.T) {
	for _, v := range violations(loadGraph(t)) {
		t.Error(v)
	}
}

// TestRulesCatchBreaks checks the checker on a made-up graph that breaks
// each rule once.
func TestRulesCatchBreaks(t *testing.T) {
	pkgs := []pkg{
		{path: "model"},
		{path: "store", imports: []string{"model", "site"}},        // up a layer
		{path: "extract", imports: []string{"internal/pgtest"}},    // test helper
		{path: "extract/shingle"},                                  //
		{path: "translate", imports: []string{"app", "extract"}},   // app; across stages
		{path: "translate/engine"},                                 //
		{path: "search"},                                           //
		{path: "syndication"},                                      //
		{path: "site", imports: []string{"search", "syndication"}}, // allowed
		{path: "ingest/feed"}, {path: "ingest/fetch"},
		{path: "config"}, {path: "app"}, {path: "cli", imports: []string{"app"}},
		{path: "cmd/newsbridge", imports: []string{"cli"}}, {path: "demo"},
		{path: "internal/inline"}, {path: "internal/httpfast"}, {path: "metrics"}, {path: "pipeline"}, {path: "service"}, {path: "api"}, {path: "client"}, {path: "editor"}, {path: "web"},
		{path: "publish"}, {path: "translate/engine/placeholder"}, {path: "exchange/xliff"}, {path: "media"},
		{path: "newthing"}, // no layer
	}
	got := strings.Join(violations(pkgs), "\n")
	for _, want := range []string{
		`store imports site: layer "storage and engine contract" may not import the higher layer "stages"`,
		"extract imports internal/pgtest: a test helper",
		"translate imports app: only cli, cmd/... may",
		`translate imports app: layer "stages" may not import the higher layer "composition root"`,
		"translate imports extract: translate/... and extract/... are separate stages",
		"newthing: in no layer",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing violation %q in:\n%s", want, got)
		}
	}
	if n := len(strings.Split(got, "\n")); n != 6 {
		t.Errorf("got %d violations, want 6:\n%s", n, got)
	}
}

// dotFile is the picture's source, generated from the code.
var dotFile = filepath.Join(root, "docs", "architecture.dot")

// TestGraphFile fails when docs/architecture.dot differs from the graph the
// code gives; with -update (scripts/archgraph) it rewrites the file.
func TestGraphFile(t *testing.T) {
	want := dot(loadGraph(t))
	if *update {
		if err := os.WriteFile(dotFile, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(dotFile)
	if err != nil {
		t.Fatalf("%v (run scripts/archgraph)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("docs/architecture.dot is out of date: run scripts/archgraph and commit docs/architecture.dot and .svg")
	}
}

// dot draws pkgs as a Graphviz graph, one box per layer from the top
// (commands) down to the domain, and in an isolated layer one box per group
// of more than one package; an arrow is an import. Imports of model are left
// out (nearly every package has one), and invisible arrows keep each layer
// below the one above it.
func dot(pkgs []pkg) []byte {
	var b bytes.Buffer
	b.WriteString("// The package graph of newsbridge, without tests and test helpers.\n")
	b.WriteString("// Generated by scripts/archgraph from `go list`; do not edit.\n")
	b.WriteString("digraph newsbridge {\n")
	b.WriteString("\tnewrank=true;\n\tnodesep=0.2;\n\tranksep=0.4;\n")
	b.WriteString("\tgraph [fontname=\"Helvetica\", fontsize=10, labeljust=l, style=filled, color=\"#eeeeee\"];\n")
	b.WriteString("\tnode [shape=box, style=\"rounded,filled\", fillcolor=white, fontname=\"Helvetica\", fontsize=11, height=0.3];\n")
	b.WriteString("\tedge [color=\"#555555\", arrowsize=0.6];\n")
	byLayer := make([][]string, len(layers))
	group := map[string]string{}
	var unplaced []string
	for _, p := range pkgs {
		if matchesAny(testHelpers, p.path) {
			continue
		}
		if w, ok := place(p.path); ok {
			byLayer[w.layer] = append(byLayer[w.layer], p.path)
			group[p.path] = w.group
		} else {
			unplaced = append(unplaced, p.path)
		}
	}
	for i := len(layers) - 1; i >= 0; i-- {
		if len(byLayer[i]) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\tsubgraph cluster_%d {\n\t\tlabel=%q;\n", i, fmt.Sprintf("%d %s", i, layers[i].name))
		members := map[string][]string{}
		for _, p := range byLayer[i] {
			members[group[p]] = append(members[group[p]], p)
		}
		for _, p := range byLayer[i] {
			g := group[p]
			if !layers[i].isolated || len(members[g]) < 2 {
				fmt.Fprintf(&b, "\t\t%q%s;\n", p, nodeAttrs(p))
				continue
			}
			if members[g][0] != p {
				continue
			}
			base := strings.TrimSuffix(g, "/...")
			fmt.Fprintf(&b, "\t\tsubgraph %q {\n\t\t\tlabel=%q; color=\"#dddddd\";\n", "cluster_"+g, g)
			for _, m := range members[g] {
				label := strings.TrimPrefix(strings.TrimPrefix(m, base), "/")
				if label == "" {
					label = m
				}
				fmt.Fprintf(&b, "\t\t\t%q [label=%q];\n", m, label)
			}
			b.WriteString("\t\t}\n")
		}
		b.WriteString("\t}\n")
	}
	for _, p := range unplaced {
		fmt.Fprintf(&b, "\t%q [color=red];\n", p)
	}
	for _, p := range pkgs {
		if matchesAny(testHelpers, p.path) {
			continue
		}
		for _, imp := range p.imports {
			if imp != "model" {
				fmt.Fprintf(&b, "\t%q -> %q;\n", p.path, imp)
			}
		}
	}
	upper := -1
	for i := len(layers) - 1; i >= 0; i-- {
		if len(byLayer[i]) == 0 {
			continue
		}
		if upper >= 0 {
			for _, a := range byLayer[upper] {
				for _, z := range byLayer[i] {
					fmt.Fprintf(&b, "\t%q -> %q [style=invis];\n", a, z)
				}
			}
		}
		upper = i
	}
	b.WriteString("}\n")
	return b.Bytes()
}

// nodeAttrs returns the attributes of a package's box outside a group.
func nodeAttrs(path string) string {
	if path == "model" {
		return ` [label="model\n(imported by nearly every package)"]`
	}
	return ""
}

// docRow is a row of the ownership table in docs/architecture.md: its first
// cell names one package or several, each in backquotes.
var (
	docRow  = regexp.MustCompile("(?m)^\\| (`[^|]+`) \\|")
	docName = regexp.MustCompile("`([a-z0-9/.]+)`")
)

// TestDocListsPackages fails when the ownership table in
// docs/architecture.md misses a package or names one that is gone.
func TestDocListsPackages(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join(root, "docs", "architecture.md"))
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, row := range docRow.FindAllStringSubmatch(string(doc), -1) {
		for _, m := range docName.FindAllStringSubmatch(row[1], -1) {
			listed[m[1]] = true
		}
	}
	for _, p := range loadGraph(t) {
		if matchesAny(testHelpers, p.path) {
			continue
		}
		if !listed[p.path] {
			t.Errorf("docs/architecture.md: no row for %s", p.path)
		}
		delete(listed, p.path)
	}
	for p := range listed {
		t.Errorf("docs/architecture.md: row for %s, which is not a package", p)
	}
}

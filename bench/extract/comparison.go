package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"
)

// comparisonPage is one page of trafilatura's evaluation set: the HTML and
// the text snippets a good extraction holds (with) and leaves out (without).
type comparisonPage struct {
	c       corpusCase
	with    []string
	without []string
}

// defaultTrafilaturaDir finds go-trafilatura's module in the module cache,
// where its evaluation set (test-files/comparison and
// scripts/comparison/data.go) lives.
func defaultTrafilaturaDir() string {
	cmd := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/markusmobius/go-trafilatura")
	cmd.Dir = "bench"
	out, err := cmd.Output()
	if err != nil {
		return ""
	}
	dir := strings.TrimSpace(string(out))
	if _, err := os.Stat(filepath.Join(dir, "scripts", "comparison", "data.go")); err != nil {
		return ""
	}
	return dir
}

// loadComparison reads the evaluation set. The snippets are a Go map literal
// in a package main (not importable), so the file is parsed, not compiled:
// every entry's File, With and Without string literals are read from the
// syntax tree. Pages are looked up in test-files/comparison, then
// test-files/mock, as trafilatura's own script does.
func loadComparison(dir string) ([]comparisonPage, error) {
	src := filepath.Join(dir, "scripts", "comparison", "data.go")
	f, err := parser.ParseFile(token.NewFileSet(), src, nil, 0)
	if err != nil {
		return nil, fmt.Errorf("bench: unable to parse %s: %w", src, err)
	}
	var out []comparisonPage
	ast.Inspect(f, func(n ast.Node) bool {
		kv, ok := n.(*ast.KeyValueExpr)
		if !ok {
			return true
		}
		key, ok := kv.Key.(*ast.BasicLit)
		val, ok2 := kv.Value.(*ast.CompositeLit)
		if !ok || !ok2 || key.Kind != token.STRING {
			return true
		}
		pageURL, _ := strconv.Unquote(key.Value)
		var p comparisonPage
		var file string
		for _, e := range val.Elts {
			field, ok := e.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			name, _ := field.Key.(*ast.Ident)
			if name == nil {
				continue
			}
			switch name.Name {
			case "File":
				if lit, ok := field.Value.(*ast.BasicLit); ok {
					file, _ = strconv.Unquote(lit.Value)
				}
			case "With":
				p.with = stringList(field.Value)
			case "Without":
				p.without = stringList(field.Value)
			}
		}
		if file == "" {
			return false
		}
		for _, sub := range []string{"comparison", "mock"} {
			body, err := os.ReadFile(filepath.Join(dir, "test-files", sub, file))
			if err == nil {
				if !strings.HasPrefix(pageURL, "http://") && !strings.HasPrefix(pageURL, "https://") {
					pageURL = "" // one entry's key is "xhttps://…"
				}
				p.c = corpusCase{Name: file, Body: body, PageURL: pageURL}
				out = append(out, p)
				break
			}
		}
		return false
	})
	if len(out) == 0 {
		return nil, fmt.Errorf("bench: no pages in %s", src)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].c.Name < out[j].c.Name })
	return out, nil
}

func stringList(e ast.Expr) []string {
	lit, ok := e.(*ast.CompositeLit)
	if !ok {
		return nil
	}
	var out []string
	for _, el := range lit.Elts {
		if b, ok := el.(*ast.BasicLit); ok && b.Kind == token.STRING {
			if s, err := strconv.Unquote(b.Value); err == nil {
				out = append(out, s)
			}
		}
	}
	return out
}

// dumpDir, when set, receives each extractor's output on the evaluation set.
var dumpDir string

// snippetCounts are trafilatura's evaluation counts: an expected snippet
// found is a true positive, missed a false negative; an unwanted snippet
// found is a false positive, absent a true negative.
type snippetCounts struct{ tp, fn, fp, tn int }

func (s *snippetCounts) add(o snippetCounts) {
	s.tp += o.tp
	s.fn += o.fn
	s.fp += o.fp
	s.tn += o.tn
}

// evaluate scores one extraction as trafilatura's evaluation does (plain
// substring search; an empty result finds nothing).
func evaluate(p *comparisonPage, got string) snippetCounts {
	var ev snippetCounts
	if got == "" {
		ev.fn = len(p.with)
		ev.tn = len(p.without)
		return ev
	}
	for _, s := range p.with {
		if strings.Contains(got, s) {
			ev.tp++
		} else {
			ev.fn++
		}
	}
	for _, s := range p.without {
		if strings.Contains(got, s) {
			ev.fp++
		} else {
			ev.tn++
		}
	}
	return ev
}

// measureComparison runs one extractor over the evaluation set once, timing
// that same pass (CPU time of this process), and returns its table row.
// With verbose, the pages where it misses or lets through snippets are
// listed.
func measureComparison(ex extractor, pages []comparisonPage, verbose bool) (string, []snippetCounts) {
	var total snippetCounts
	evs := make([]snippetCounts, len(pages))
	empty, failed := 0, 0
	runtime.GC()
	cpu0 := cpuTime()
	start := time.Now()
	results := make([]string, len(pages))
	for i := range pages {
		got, err := ex.run(&pages[i].c)
		if err != nil {
			failed++
		}
		results[i] = got
	}
	cpu := float64(len(pages)) / (cpuTime() - cpu0).Seconds()
	wall := float64(len(pages)) / time.Since(start).Seconds()
	if dumpDir != "" {
		dir := filepath.Join(dumpDir, strings.Fields(ex.name)[0])
		if err := os.MkdirAll(dir, 0o755); err == nil {
			for i := range pages {
				os.WriteFile(filepath.Join(dir, pages[i].c.Name+".txt"), []byte(results[i]), 0o644)
			}
		}
	}
	for i := range pages {
		p := &pages[i]
		got := results[i]
		if strings.TrimSpace(got) == "" {
			got = ""
			empty++
		}
		ev := evaluate(p, got)
		evs[i] = ev
		total.add(ev)
		if verbose && (ev.fn > 0 || ev.fp > 0) {
			fmt.Printf("  %-24s %-56s FN=%d FP=%d len=%d\n", ex.name, p.c.Name, ev.fn, ev.fp, len(got))
		}
	}
	if dumpDir != "" {
		var b, m strings.Builder
		for i := range pages {
			fmt.Fprintf(&b, "%s\t%d\t%d\n", pages[i].c.Name, evs[i].fn, evs[i].fp)
			got := results[i]
			if strings.TrimSpace(got) == "" {
				got = ""
			}
			for _, s := range pages[i].with {
				if !strings.Contains(got, s) {
					fmt.Fprintf(&m, "%s\tmissed\t%q\n", pages[i].c.Name, s)
				}
			}
			for _, s := range pages[i].without {
				if got != "" && strings.Contains(got, s) {
					fmt.Fprintf(&m, "%s\tunwanted\t%q\n", pages[i].c.Name, s)
				}
			}
		}
		name := strings.Fields(ex.name)[0]
		os.WriteFile(filepath.Join(dumpDir, name+".scores"), []byte(b.String()), 0o644)
		os.WriteFile(filepath.Join(dumpDir, name+".snippets"), []byte(m.String()), 0o644)
	}
	tp, fn, fp, tn := float64(total.tp), float64(total.fn), float64(total.fp), float64(total.tn)
	precision := tp / (tp + fp)
	recall := tp / (tp + fn)
	accuracy := (tp + tn) / (tp + tn + fp + fn)
	f1 := 2 * tp / (2*tp + fp + fn)
	return fmt.Sprintf("| %s | %.3f | %.3f | %.3f | %.3f | %d | %d | %d | %d | %.0f | %.0f | %d | %d |",
		ex.name, f1, precision, recall, accuracy, total.tp, total.fn, total.fp, total.tn, cpu, wall, empty, failed), evs
}

// worstComparison lists the pages where newsbridge makes the most snippet
// errors (missed plus let through), beside the other extractors' errors.
func worstComparison(pages []comparisonPage, extractors []extractor, counts map[string][]snippetCounts, n int) {
	own := counts["newsbridge"]
	if own == nil {
		return
	}
	idx := make([]int, len(pages))
	for i := range idx {
		idx[i] = i
	}
	errs := func(ev snippetCounts) int { return ev.fn + ev.fp }
	sort.SliceStable(idx, func(a, b int) bool { return errs(own[idx[a]]) > errs(own[idx[b]]) })
	fmt.Printf("worst pages for newsbridge (missed/let through snippets):\n")
	for _, i := range idx[:min(n, len(idx))] {
		if errs(own[i]) == 0 {
			break
		}
		line := fmt.Sprintf("  %-48s newsbridge FN=%d FP=%d", pages[i].c.Name, own[i].fn, own[i].fp)
		for _, ex := range extractors {
			if c := counts[ex.name]; ex.name != "newsbridge" && c != nil {
				line += fmt.Sprintf("  %s FN=%d FP=%d", strings.Fields(ex.name)[0], c[i].fn, c[i].fp)
			}
		}
		fmt.Println(line)
	}
}

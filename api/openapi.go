package api

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"sort"
	"strings"
)

// openAPIDoc is the API's OpenAPI 3.1 description, served as it is at
// /api/v1/openapi.json. TestOpenAPIDescribesEveryRoute keeps it true to
// Routes(); tests/openapi/run lints it.
//
//go:embed openapi.json
var openAPIDoc []byte

// Operation is one operation of the OpenAPI document, as the reference
// page lists it.
type Operation struct {
	Method      string
	Path        string
	ID          string
	Summary     string
	Description string
	Permission  string // "" for the public ones
	Tag         string
}

// Operations reads the embedded OpenAPI document's operations, in path
// then method order.
func Operations() ([]Operation, error) {
	var doc struct {
		Paths map[string]map[string]struct {
			OperationID string             `json:"operationId"`
			Summary     string             `json:"summary"`
			Description string             `json:"description"`
			Permission  string             `json:"x-permission"`
			Tags        []string           `json:"tags"`
			Security    []map[string][]any `json:"security"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		return nil, fmt.Errorf("api: unable to read the OpenAPI document: %w", err)
	}
	var ops []Operation
	for path, methods := range doc.Paths {
		for method, o := range methods {
			op := Operation{Method: strings.ToUpper(method), Path: path, ID: o.OperationID, Summary: o.Summary,
				Description: o.Description, Permission: o.Permission}
			if len(o.Tags) > 0 {
				op.Tag = o.Tags[0]
			}
			ops = append(ops, op)
		}
	}
	sort.Slice(ops, func(i, j int) bool {
		if ops[i].Path != ops[j].Path {
			return ops[i].Path < ops[j].Path
		}
		return ops[i].Method < ops[j].Method
	})
	return ops, nil
}

func (a *Handler) openAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Write(openAPIDoc)
}

var referencePage = template.Must(template.New("reference").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>newsbridge API reference</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
code{font-family:ui-monospace,monospace}
section{border-top:1px solid #ccc;padding:.5rem 0}
h2{font-size:1.1rem;margin:.5rem 0}
.m{display:inline-block;min-width:4.5rem;font-weight:bold}
.p{color:#555;font-size:.9rem}
</style>
</head>
<body>
<main>
<h1>newsbridge API reference</h1>
<p>Every operation needs <code>Authorization: Bearer TOKEN</code> (a token from <code>newsbridge user add</code>) unless marked public,
and acts within the token's role. Errors are RFC 9457 problem details (<code>application/problem+json</code>).
The machine-readable description is <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1).</p>
{{range .}}<section id="{{.ID}}">
<h2><span class="m">{{.Method}}</span> <code>{{.Path}}</code></h2>
<p><strong>{{.Summary}}</strong>. {{.Description}}</p>
<p class="p">{{if .Permission}}Needs the <code>{{.Permission}}</code> permission.{{else}}Public.{{end}} Operation <code>{{.ID}}</code>.</p>
</section>
{{end}}</main>
</body>
</html>
`))

// reference renders the OpenAPI document as a page of operations.
func (a *Handler) reference(w http.ResponseWriter, r *http.Request) {
	ops, err := Operations()
	if err != nil {
		problem(w, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	referencePage.Execute(w, ops)
}

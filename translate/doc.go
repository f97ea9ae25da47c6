// Package translate is newsbridge's translation core: it splits an
// article's fields into sentences, protects what is not language (URLs,
// e-mail addresses, numbers, file names, code, inline tags, glossary names,
// the names of people and places found in the article)
// behind placeholders, reuses the translation memory, routes the rest to the
// engines by priority (with pivots and failover) in one batch per route hop,
// restores and checks every sentence, and records where each came from.
//
// The engines themselves live in translate/engine and its subpackages; this
// package knows them only as model.Engine.
package translate

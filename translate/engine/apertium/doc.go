// Package apertium is newsbridge's embedded Apertium engine. It starts each
// language pair's pipeline itself from the pair's installed mode file
// (/usr/share/apertium/modes/*.mode), keeps it running and feeds it batches
// of segments ended by a null byte, the way Apertium's HTTP server (APy)
// does: every program gets -z, so it flushes its output at the null byte and
// waits for the next batch. A kept-running pipeline translates thousands of
// words per second where each `apertium` call pays about a second of
// start-up.
//
// # Batches
//
// The segments of a batch are written in Apertium's stream format, each
// followed by an inserted period ".[]" (so a title without final punctuation
// does not run into the next segment) and a numbered superblank
// "[NBSEG:i]". Superblanks pass through every program untouched; the
// answer is split on them and must hold exactly marks 0..n-1 in order, or
// the batch fails (after one more try, one segment at a time) instead of
// returning misaligned translations. The deformatting and reformatting that
// apertium-destxt and apertium-retxt do are done in Go, because those two
// take no -z and drop the null byte.
//
// # What survives translation (Apertium 3.8.3, txt format)
//
// Measured through all 14 installed pairs (ca↔es, es↔gl, es/ca↔en, nb↔nn,
// sv↔nb/nn) with each token alone, at the start or end of a sentence,
// between words, glued to a word ("casa⟦1⟧"), repeated and adjacent
// ("⟦1⟧⟦2⟧"):
//
//   - One private-use character per placeholder (U+E000 + n, so 6,400
//     distinct ones) came back byte for byte, unmarked, in every pair and
//     context. It is the only shape that did. Translate therefore sends
//     each ⟦n⟧ placeholder as one (HidePlaceholders) and restores it, so
//     ⟦n⟧ is safe through this engine in every pair. A character is not a
//     number or a noun to Apertium, though: "desde hace ⟦1⟧ años" loses
//     its "N years ago" rule and "⟦1⟧ dijo" its subject ("It said"). So a
//     number placeholder ⟦#n⟧ travels as a 7-digit run (7700017) and a name
//     placeholder ⟦@n⟧ as a capitalized pseudo-word (Nbqaaa), which the
//     rules treat as a number and a proper noun (placeholder.go).
//   - ⟦1⟧ ⟦12⟧ (U+27E6/U+27E7 around digits), [[1]], [1], {1}, {{1}},
//     __1__, §1§, ⟨1⟩, «1», 【1】, ⁅1⁆, %1, #1, @1, $1, ~1~, Ⓟ1, plain
//     numbers and e-mail addresses survive the Spanish, Catalan, Galician,
//     English and nb→nn pairs when sent raw, but NOT sv→nb and sv→nn, which read any
//     digits as an ordinal and add a period: "Vi har 1 hus" → "Vi har 1.
//     hus", ⟦1⟧ → ⟦1.⟧, [[1]] → [[1.]]. nb/nn→sv once gave ⟦#2⟧ (a
//     generation mark) and turns {1} into #{1#}.
//   - Kept but marked unknown: tokens with Latin letters (X1X, ZZ1ZZ,
//     XPH1X, PH1 become *X1X … in es→en and es→gl; ⟦PH1⟧ becomes ⟦*PH1⟧).
//   - Damaged: XML-like tags (<x1/> → <*x1/>; <x id="1"/> has its attribute
//     name translated: id → aneu in es→ca), ^1$ (→ ^#$1 in es→en), URLs
//     (es→gl turns a_b.html?x=1&y=2 into a_*b.*html?*x=1&e=2: "y" is
//     translated), file names (ndo_br_dat09683.jpg → *ndo_*br_*dat09683.*jpg)
//     and codes like C-3PO (→ C-3*PO in es→en). Protect these with
//     placeholders; never send them as they are.
//   - Apertium also edits spacing and punctuation around numbers: "3,5 %"
//     → "3,5%" (es→ca), "¿?" → "?" (es→*), "2010." → "2010 ." (nb→sv).
//
// TestPlaceholdersSurvive keeps these claims checked.
//
// # Unknown words
//
// By default the generator marks what it could not translate: *word
// (unknown to the analyser), @word (no bilingual entry), #word (no
// generation). The quality checks flag and strip these; Options.NoMarkUnknown
// drops them at the source (lt-proc -n, like `apertium -u`).
//
// # Dictionaries
//
// Engine.KnownWords tells whether a language's morphological analyser (the
// lt-proc program the installed modes from that language start with; of
// several, the largest dictionary) knows word forms: the translator's
// quality checks take a word of a translation that the target language
// does not know and the source language does as evidence that a sentence
// was left untranslated. Each language's analyser runs as a long-running
// `lt-proc -z` of its own, without compound analysis, started on the first
// lookup and stopped when idle like the pipelines; answers are remembered
// per word, a lookup waits at most two seconds, and an analyser that failed
// is not asked again for a minute.
package apertium

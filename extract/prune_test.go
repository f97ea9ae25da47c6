package extract

import (
	"strings"
	"testing"

	"newsbridge/model"
)

// body is three paragraphs of prose for the hand-written pages below.
const pruneBody = `<p>The harbour authority closed the northern pier on Tuesday after divers found cracks in two of the concrete pillars that carry the loading ramp.</p>
<p>Repairs will take at least six weeks, the authority said, and the ferries that use the pier will berth at the old fish quay until then.</p>
<p>Fishermen at the quay said they had been told nothing and worried about where their boats would go when the ferries arrive each evening.</p>`

func extractString(t *testing.T, page string) (lead, text string) {
	t.Helper()
	a, err := ExtractBytes([]byte(page), "text/html", "https://news.example.org/pier")
	if err != nil {
		t.Fatal(err)
	}
	return a.Lead, a.Text
}

func TestTeaserRunsAfterBody(t *testing.T) {
	page := `<html><head><title>Pier closed</title></head><body><article><h1>Pier closed</h1>` + pruneBody + `
<h3>More from the coast</h3>
<p><a href="/a">Lighthouse keeper retires after forty years</a></p>
<p><a href="/b">New cycle path opens along the dunes</a></p>
<p><a href="/c">Storm damage: what the insurers pay</a> 3 min</p>
</article></body></html>`
	_, text := extractString(t, page)
	for _, junk := range []string{"Lighthouse keeper", "cycle path", "insurers", "More from the coast"} {
		if strings.Contains(text, junk) {
			t.Errorf("teaser %q kept in body:\n%s", junk, text)
		}
	}
	if !strings.Contains(text, "Fishermen at the quay") {
		t.Errorf("body lost:\n%s", text)
	}
}

func TestLinkInProseKept(t *testing.T) {
	// Links inside sentences are prose, in a paragraph that ends the body
	// too. (A paragraph that is one link and nothing else does not end a
	// body: see TestLinkLinesAndPitchAtBodyEnds.)
	page := `<html><head><title>Pier closed</title></head><body><article><h1>Pier closed</h1>` + pruneBody + `
<p>The <a href="/report">full inspection report</a> is published on the authority's website, with photographs of the damaged pillars.</p>
<p>The authority's statement: <a href="/statement">the pier stays closed until the repairs are done</a>, and the ferries berth at the old fish quay.</p>
</article></body></html>`
	_, text := extractString(t, page)
	for _, want := range []string{"full inspection report", "the pier stays closed until the repairs are done"} {
		if !strings.Contains(text, want) {
			t.Errorf("%q dropped:\n%s", want, text)
		}
	}
}

func TestTeaserRunInMiddle(t *testing.T) {
	page := `<html><head><title>Pier closed</title></head><body><article><h1>Pier closed</h1>` + pruneBody + `
<p><a href="/a">Lighthouse keeper retires after forty years</a></p>
<p><a href="/b">New cycle path opens along the dunes</a></p>
<p><a href="/c">Storm damage: what the insurers pay</a></p>
<p><a href="/d">Ferry timetable for the winter</a></p>
<p>The mayor said the town would pay for a temporary pontoon if the repairs took longer than planned, so that the fishing fleet can keep working.</p>
</article></body></html>`
	_, text := extractString(t, page)
	if strings.Contains(text, "Ferry timetable") || strings.Contains(text, "Lighthouse keeper") {
		t.Errorf("teaser list kept:\n%s", text)
	}
	if !strings.Contains(text, "temporary pontoon") {
		t.Errorf("prose after the list lost:\n%s", text)
	}
}

func TestSiteSloganNotLead(t *testing.T) {
	page := `<html><head><title>Pier closed</title></head><body>
<header class="site-header"><p class="site-title">Coast Notes</p><p class="site-description">Notes from a small harbour town, written by its residents</p></header>
<article><h1>Pier closed</h1>` + pruneBody + `</article></body></html>`
	lead, text := extractString(t, page)
	if strings.Contains(lead+text, "Notes from a small harbour") {
		t.Errorf("site slogan taken as text: lead %q", lead)
	}
}

func TestDescriptionWhenBodyEmpty(t *testing.T) {
	desc := "The harbour authority closed the northern pier after divers found cracks in two pillars; ferries move to the old fish quay for six weeks."
	page := `<html><head><title>Pier closed</title><meta property="og:description" content="` + desc + `"></head>
<body><h1>Pier closed</h1><div id="app"></div><script>render()</script></body></html>`
	a, err := ExtractBytes([]byte(page), "text/html", "")
	if err != nil {
		t.Fatal(err)
	}
	if a.Text != desc || len(a.Blocks) != 1 || a.Reason != "" {
		t.Fatalf("want the description as a one-paragraph body, got text %q, %d blocks, reason %q", a.Text, len(a.Blocks), a.Reason)
	}
	// A slogan-length description is not a body.
	page = strings.Replace(page, desc, "Harbour news every day", 1)
	if a, _ = ExtractBytes([]byte(page), "text/html", ""); a.Reason != ReasonNoArticle {
		t.Fatalf("want no article for a short description, got %q", a.Text)
	}
}

func TestTeaserRunWithLabelAndButtons(t *testing.T) {
	page := `<html><head><title>Pier closed</title></head><body><article><h1>Pier closed</h1>` + pruneBody + `
<p><strong>Read next:</strong></p>
<div><a href="/a">Lighthouse keeper retires after forty years of service on the point</a></div>
<div><a href="/b">New cycle path opens along the dunes south of the harbour</a></div>
<p>JOIN THE DISCUSSION</p><p>Hide</p>
</article></body></html>`
	_, text := extractString(t, page)
	for _, junk := range []string{"Read next", "Lighthouse keeper", "JOIN THE DISCUSSION", "Hide"} {
		if strings.Contains(text, junk) {
			t.Errorf("%q kept:\n%s", junk, text)
		}
	}
}

func TestTeaserCardsInBody(t *testing.T) {
	page := `<html><head><title>Pier closed</title></head><body><article><h1>Pier closed</h1>` + pruneBody + `
<a href="/lighthouse" class="card"><img src="/l.jpg" alt=""><h3>Lighthouse keeper retires</h3><p>After forty years on the point.</p></a>
<a href="/big.jpg"><figure><img src="/pier.jpg" alt="The pier"><figcaption>The closed northern pier.</figcaption></figure></a>
<p>The mayor said the town would pay for a temporary pontoon if the repairs took longer than planned, so that the fishing fleet can keep working.</p>
</article></body></html>`
	a, err := ExtractBytes([]byte(page), "text/html", "https://news.example.org/pier")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(a.Text, "Lighthouse keeper") {
		t.Errorf("teaser card kept:\n%s", a.Text)
	}
	figure := false
	for _, b := range a.Blocks {
		if b.Type == "figure" && strings.Contains(b.Caption, "closed northern pier") {
			figure = true
		}
	}
	if !figure || !strings.Contains(a.Text, "temporary pontoon") {
		t.Errorf("linked figure or prose lost: %+v", a.Blocks)
	}
}

func TestPostMetaLines(t *testing.T) {
	for _, line := range []string{"Kategorie: News, Allgemein", "Filed under Harbour, Transport", "zurück", "Back", "Zur Übersicht",
		"NEWS TEILEN:", "- Anzeige -", "Schlagwörter: Hafen, Fähre", "Czytaj też: Nowy port"} {
		if !isBoilerplateLine(normLine(line)) {
			t.Errorf("%q not taken for chrome", line)
		}
	}
	for _, head := range []string{"Zobacz również", "Lue seuraavaksi", "Siehe auch", "Über den Autor", "Mehr Themen:"} {
		if !isSectionStop(normLine(head)) {
			t.Errorf("%q not a section stop", head)
		}
	}
}

func TestPostMetadataBox(t *testing.T) {
	page := `<html><head><title>Pier closed</title></head><body><div class="post">` + pruneBody + `
<p class="postmetadata">This entry was posted on Wednesday, 4 March at 10:12 and is filed under Harbour, Transport.</p>
</div></body></html>`
	_, text := extractString(t, page)
	if strings.Contains(text, "This entry was posted") {
		t.Errorf("post metadata kept:\n%s", text)
	}
}

func TestCreditLines(t *testing.T) {
	for _, line := range []string{"Foto: Jane Doe", "Bild: Agentur Nord", "(Crédits photos : Agence)", "Titelbild: Hafenamt"} {
		if !isBoilerplateLine(normLine(line)) {
			t.Errorf("%q not taken for a credit line", line)
		}
	}
	if isBoilerplateLine(normLine("Photo: the pier after the storm, seen from the old fish quay where the ferries will berth for six weeks.")) {
		t.Error("a long line starting with a label is prose")
	}
}

func TestDanglingLabelDropped(t *testing.T) {
	page := `<html><head><title>Pier closed</title></head><body><article><h1>Pier closed</h1>` + pruneBody + `
<p>More topics:</p></article></body></html>`
	_, text := extractString(t, page)
	if strings.Contains(text, "More topics") {
		t.Errorf("label with nothing under it kept:\n%s", text)
	}
}

func TestAdFigureDropped(t *testing.T) {
	page := `<html><head><title>Pier closed</title></head><body><article><h1>Pier closed</h1>` + pruneBody + `
<figure><img src="/banner.gif" alt=""><figcaption>Advertisement</figcaption></figure>
<figure><img src="/pier.jpg" alt=""><figcaption>The closed northern pier.</figcaption></figure>
</article></body></html>`
	a, err := ExtractBytes([]byte(page), "text/html", "https://news.example.org/pier")
	if err != nil {
		t.Fatal(err)
	}
	figures := 0
	for _, b := range a.Blocks {
		if b.Type == "figure" {
			figures++
			if strings.Contains(b.Src, "banner") {
				t.Errorf("ad kept as a figure: %+v", b)
			}
		}
	}
	if figures != 1 {
		t.Errorf("want the one real figure, got %d", figures)
	}
}

func TestBodyInWrappedDivParagraphs(t *testing.T) {
	// Each paragraph is a <div> in a wrapper <div>, no <p> at all; the
	// author's note below has real paragraphs but is much shorter.
	var body strings.Builder
	for i := 0; i < 26; i++ {
		body.WriteString(`<div style="margin: 1em 0"><div style="direction: ltr"><span>The ferry left the quay at dawn and the crew counted the crates twice before the harbour master let them go, paragraph ` + string(rune('a'+i)) + `.</span></div></div>`)
	}
	var note strings.Builder
	for i := 0; i < 9; i++ {
		note.WriteString(`<p>Thanks for reading this week's chapter, and for all the comments on the last one; the next chapter comes out on Friday, note ` + string(rune('a'+i)) + `.</p>`)
	}
	page := `<html><head><title>Chapter 12</title></head><body><div class="chapter-inner">` + body.String() + `</div>
<div class="author-note">` + note.String() + `</div></body></html>`
	_, text := extractString(t, page)
	if !strings.Contains(text, "paragraph a.") || !strings.Contains(text, "paragraph z.") {
		t.Errorf("div paragraphs lost:\n%s", text)
	}
}

func TestSectionIDFromHeading(t *testing.T) {
	// Documentation generators name a section after its heading; the
	// words of "sharing-your-work" are not a share bar.
	page := `<html><head><title>Pier closed</title></head><body><div class="body"><h1>Pier closed</h1>` + pruneBody + `
<div class="section" id="sharing-the-quay"><h2>Sharing the quay</h2><p>Until the repairs are done the ferries and the fishing boats share the old quay, with the ferries berthing first in the evening and the boats after them.</p></div>
<div class="section" id="related-works"><h2>Related works</h2><p>The council will also repave the road to the quay and move the bus stop closer to the ferry terminal, which it had planned for next year anyway.</p></div>
<div class="share-buttons"><a href="/fb">Facebook</a></div>
</div></body></html>`
	_, text := extractString(t, page)
	for _, want := range []string{"share the old quay", "repave the road"} {
		if !strings.Contains(text, want) {
			t.Errorf("section %q lost:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Facebook") {
		t.Errorf("share bar kept:\n%s", text)
	}
}

func TestChromeClassInsideSentence(t *testing.T) {
	// A link that opens a note (class="popup") is part of its sentence.
	page := `<html><head><title>Pier closed</title></head><body><article><h1>Pier closed</h1>` + pruneBody + `
<p>The pier was built in 1911 and, as the harbour master put it, <a href="#" class="popup">has never once been closed for repairs</a> until this week, when the divers came up with their report.</p>
</article></body></html>`
	_, text := extractString(t, page)
	if !strings.Contains(text, "has never once been closed") {
		t.Errorf("phrase in a sentence dropped:\n%s", text)
	}
}

func TestBodyStartBesideReadMorePart(t *testing.T) {
	// The first paragraphs stand in the body's element, the rest in a
	// "read more" part inside it that holds most of the text.
	var rest strings.Builder
	for i := 0; i < 16; i++ {
		rest.WriteString(`<p>The ferry company said passengers would be told of every change by text message, and that the timetable would be printed again in the local paper, part ` + string(rune('a'+i)) + `.</p>`)
	}
	page := `<html><head><title>Pier closed</title></head><body><div class="story">` + pruneBody + `
<div class="ad-slot"></div><div class="more-part">` + rest.String() + `</div></div></body></html>`
	_, text := extractString(t, page)
	if !strings.Contains(text, "harbour authority closed") || !strings.Contains(text, "part p.") {
		t.Errorf("body start or rest lost:\n%s", text)
	}
}

func TestBodyChunksInGridRows(t *testing.T) {
	// The body comes in chunks, each in its own grid row between ad rails;
	// the first paragraph of each chunk is marked for the paywall.
	chunk := func(k string) string {
		return `<div class="grid grid-layout--adrail"><div class="grid-item grid-layout__content"><div class="body article__body">` +
			`<p class="has-dropcap paywall">Chunk ` + k + ` opens with a long paragraph about the harbour, the pier and the people who work there every day of the year, in every weather.</p>` +
			`<p>It goes on with more about the repairs and the ferries, which will use the fish quay until the pillars are fixed, chunk ` + k + `.</p>` +
			`</div></div><div class="grid-item ad-rail"><div class="ad">Advertisement</div></div></div>`
	}
	page := `<html><head><title>Pier closed</title></head><body><article><h1>Pier closed</h1><div class="chunks">` +
		chunk("one") + chunk("two") + chunk("three") + `</div></article></body></html>`
	_, text := extractString(t, page)
	for _, want := range []string{"Chunk one opens", "Chunk two opens", "chunk three.", "Chunk three opens"} {
		if !strings.Contains(text, want) {
			t.Errorf("%q lost:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Advertisement") {
		t.Errorf("ad kept:\n%s", text)
	}
}

func TestNewsletterParagraphDropped(t *testing.T) {
	page := `<html><head><title>Pier closed</title></head><body><article><h1>Pier closed</h1>` + pruneBody + `
<p id="newsletter-teaser"><em>Never miss a story from the coast again: <a href="/newsletter">subscribe to our free morning newsletter</a> and stay up to date on everything that happens in the harbour.</em></p>
</article></body></html>`
	_, text := extractString(t, page)
	if strings.Contains(text, "subscribe") {
		t.Errorf("newsletter teaser kept:\n%s", text)
	}
}

func TestPictureSpanOpeningParagraph(t *testing.T) {
	// The picture and its caption are <span>s at the start of the first
	// paragraph; the paragraph's text is not the caption's.
	page := `<html><head><title>Pier closed</title></head><body><article><h1>Pier closed</h1>
<p><span class="storyimage"><span class="image"><img src="/pier.jpg" alt=""></span><span class="caption">The northern pier</span></span>
The harbour authority closed the northern pier on Tuesday after divers found cracks in two of the concrete pillars that carry the ramp.</p>` + pruneBody + `</article></body></html>`
	a, err := ExtractBytes([]byte(page), "text/html", "https://news.example.org/pier")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Text, "carry the ramp") {
		t.Errorf("paragraph with a picture at its start lost:\n%s", a.Text)
	}
	if len(a.Blocks) == 0 || a.Blocks[0].Type != "figure" || a.Blocks[0].Caption != "The northern pier" {
		t.Errorf("figure not first: %+v", a.Blocks)
	}
}

func TestBylineWithBioDropped(t *testing.T) {
	page := `<html><head><title>Pier closed</title><meta name="author" content="Ana Lopes"></head><body><article><h1>Pier closed</h1>
<p>By Ana Lopes, a reporter who has covered the harbour and its ferries for the paper since 2015.</p>` + pruneBody + `</article></body></html>`
	_, text := extractString(t, page)
	if strings.Contains(text, "covered the harbour") {
		t.Errorf("byline with bio kept:\n%s", text)
	}
}

func TestFigureImageFromMicrodata(t *testing.T) {
	// The <img> is put in by a script; the figure names its picture as an
	// ImageObject.
	page := `<html><head><title>Pier closed</title></head><body><article><h1>Pier closed</h1>` + pruneBody + `
<figure itemscope itemtype="http://schema.org/ImageObject" itemid="https://img.example.org/pier.jpg"><div data-testid="lazyimage-container"></div><figcaption><span>Divers at the northern pier on Tuesday.</span></figcaption></figure>
</article></body></html>`
	a, err := ExtractBytes([]byte(page), "text/html", "https://news.example.org/pier")
	if err != nil {
		t.Fatal(err)
	}
	last := a.Blocks[len(a.Blocks)-1]
	if last.Type != "figure" || last.Src != "https://img.example.org/pier.jpg" || last.Caption != "Divers at the northern pier on Tuesday." {
		t.Errorf("figure from microdata: %+v", last)
	}
}

func TestPlainTextPagesUnderBody(t *testing.T) {
	// A plain-text document in one <pre> per printed page, right under
	// <body>.
	var pages strings.Builder
	for i := 0; i < 4; i++ {
		pages.WriteString("<pre>Page " + string(rune('1'+i)) + "\n\n   The harbour authority closed the northern pier on Tuesday after divers found\n   cracks in two of the concrete pillars that carry the loading ramp, section " + string(rune('a'+i)) + ".\n</pre>\n")
	}
	page := `<html><head><title>Pier report</title></head><body><div class="nav"><a href="/">Home</a></div>` + pages.String() + `</body></html>`
	_, text := extractString(t, page)
	for _, want := range []string{"section a.", "section d."} {
		if !strings.Contains(text, want) {
			t.Errorf("%q lost:\n%s", want, text)
		}
	}
}

func TestLinkTeaserNotLead(t *testing.T) {
	page := `<html><head><title>Pier closed</title></head><body>
<div class="teaser_adliste"><p><a href="/ads">Anzeige</a></p><ul><li><a href="/a">Turn data into information with our cloud</a></li><li><a href="/b">Webcast: protect every endpoint</a></li><li><a href="/c">Shirts for programmers</a></li></ul></div>
<article><h1>Pier closed</h1>` + pruneBody + `</article></body></html>`
	lead, text := extractString(t, page)
	if strings.Contains(lead+text, "Webcast") {
		t.Errorf("ad teaser list taken: lead %q", lead)
	}
}

func TestNoDescriptionBodyForProductPage(t *testing.T) {
	desc := "Hand-made oak table for six, oiled finish, delivered assembled within two weeks anywhere in the country; matching chairs sold separately."
	page := `<html><head><title>Oak table</title><meta name="description" content="` + desc + `">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Oak table","description":"` + desc + `"}</script></head>
<body><h1>Oak table</h1><div id="app"></div></body></html>`
	a, err := ExtractBytes([]byte(page), "text/html", "")
	if err != nil {
		t.Fatal(err)
	}
	if a.Text != "" || a.Reason != ReasonNoArticle {
		t.Errorf("product page published as an article: %q", a.Text)
	}
	// The same page marked as an article keeps its description as body.
	page = strings.Replace(page, `"Product"`, `"NewsArticle"`, 1)
	if a, _ = ExtractBytes([]byte(page), "text/html", ""); a.Text != desc {
		t.Errorf("article lost its description body: %q", a.Text)
	}
}

func TestPerIsAFirstNameInNorwegian(t *testing.T) {
	// "Per" opens a byline in Catalan ("by") and is a first name in the
	// Nordic languages.
	for _, c := range []struct{ lang, byline, want string }{
		{"nb", "Per Ola Hansen", "Per Ola Hansen"},
		{"nb", "Av Per Ola Hansen", "Per Ola Hansen"},
		{"ca", "Per Joan Vila", "Joan Vila"},
		{"", "Per Olsen", "Per Olsen"},
	} {
		page := `<html lang="` + c.lang + `"><head><title>Pier closed</title><meta name="author" content="` + c.byline + `"></head><body><article><h1>Pier closed</h1>` + pruneBody + `</article></body></html>`
		a, err := ExtractBytes([]byte(page), "text/html", "https://news.example.org/pier")
		if err != nil {
			t.Fatal(err)
		}
		if a.Byline != c.want {
			t.Errorf("lang %q, author %q: byline %q, want %q", c.lang, c.byline, a.Byline, c.want)
		}
	}
}

func TestDescriptionShownAsDeck(t *testing.T) {
	// The standfirst is a plain <p> below the headline, outside the body,
	// with classes that name nothing; it says what the description says.
	desc := "Divers found cracks in two pillars of the northern pier, which will stay closed for six weeks."
	page := `<html><head><title>Pier closed</title><meta name="description" content="` + desc + `"></head><body>
<header><h1 class="x1a">Pier closed</h1><p class="x2b">` + desc + `</p></header>
<article>` + pruneBody + `</article></body></html>`
	lead, text := extractString(t, page)
	if lead != desc {
		t.Errorf("lead = %q, want the deck shown below the headline", lead)
	}
	if strings.Contains(text, "Divers found cracks") {
		t.Errorf("deck repeated in body:\n%s", text)
	}
	// A description the page does not show is no standfirst.
	page = `<html><head><title>Pier closed</title><meta name="description" content="` + desc + `"></head><body>
<header><h1>Pier closed</h1></header><article>` + pruneBody + `</article></body></html>`
	if lead, _ := extractString(t, page); lead != "" {
		t.Errorf("lead = %q from a description the page does not show", lead)
	}
	// A cut description of the first paragraph leaves it in the body.
	first := "The harbour authority closed the northern pier on Tuesday after divers found cracks in two of the concrete pillars that carry the loading ramp."
	page = `<html><head><title>Pier closed</title><meta name="description" content="` + first[:90] + `…"></head><body>
<header><h1>Pier closed</h1></header><article>` + pruneBody + `</article></body></html>`
	lead, text = extractString(t, page)
	if strings.Contains(lead, "harbour authority") && strings.Contains(text, "harbour authority") {
		t.Errorf("first paragraph doubled as lead %q", lead)
	}
}

func TestTitledGalleryInsideBody(t *testing.T) {
	slides := ""
	for _, s := range []string{"Bank raises its rates for the third time this year", "Carmaker recalls forty thousand vans over faulty brakes", "Retail sales fall in June as households spend less on cars"} {
		slides += `<li><h2><span class="counter">1/3</span> ` + s + `</h2><p>` + s + `, according to figures published on Monday by the statistics office.</p></li>`
	}
	gallery := `<div class="embed type-gallery"><div class="container grid-mod-gallery"><h2 class="gallery-title">Business news in pictures</h2><ul class="legends">` + slides + `</ul></div></div>`
	page := `<html><head><title>Pier closed</title></head><body><article><h1>Pier closed</h1>` + pruneBody + gallery + `
<p>The mayor said the town would pay for a temporary pontoon if the repairs took longer than planned, so that the fishing fleet can keep working.</p>
</article></body></html>`
	_, text := extractString(t, page)
	if strings.Contains(text, "Business news in pictures") || strings.Contains(text, "Carmaker recalls") {
		t.Errorf("titled gallery of other stories kept:\n%s", text)
	}
	if !strings.Contains(text, "temporary pontoon") || !strings.Contains(text, "Fishermen at the quay") {
		t.Errorf("body lost:\n%s", text)
	}
	// A gallery that ends the body is the article's own (a gallery
	// article): kept.
	page = `<html><head><title>Pier closed</title></head><body><article><h1>Pier closed</h1>` + pruneBody + gallery + `</article></body></html>`
	if _, text := extractString(t, page); !strings.Contains(text, "Carmaker recalls") {
		t.Errorf("gallery ending the body dropped:\n%s", text)
	}
}

func TestNotesListWithLinkSubList(t *testing.T) {
	// A list of notes, one of whose items holds a sub-list of linked bug
	// titles: the notes are prose, the list no teaser.
	page := `<html><head><title>Pier closed</title></head><body><article><h1>Pier closed</h1>` + pruneBody + `
<h4>Repairs</h4>
<ul><li>We have the green light for another round of divers inspecting the southern pillars next month, and two engineers will lead them.</li>
<li>In progress:<ul>
<li><a href="/b/1">Bug 101 – Crack in pillar four widens under load</a></li>
<li><a href="/b/2">Bug 102 – Loading ramp hinge rusted through</a></li>
<li><a href="/b/3">Bug 103 – Railing missing on the east side of the pier</a></li>
<li><a href="/b/4">Bug 104 – Lights out along the walkway after dark</a></li>
<li><a href="/b/5">Bug 105 – Ferry fenders worn down on the inner berth</a></li>
<li><a href="/b/6">Bug 106 – Drainage grate blocked by sand near the ramp</a></li>
<li><a href="/b/7">Bug 107 – Mooring ring loose at the end of the pier</a></li>
</ul></li></ul>
<p>The mayor said the town would pay for a temporary pontoon if the repairs took longer than planned, so that the fishing fleet can keep working.</p>
</article></body></html>`
	_, text := extractString(t, page)
	if !strings.Contains(text, "green light for another round") {
		t.Errorf("prose item of a list dropped with its sub-list of links:\n%s", text)
	}
}

func TestBodyPartsNumbered(t *testing.T) {
	// A body split around a box of related links into parts whose classes
	// count them (story-body-1, story-body-2): all parts are read.
	page := `<html><head><title>Pier closed</title></head><body><article><h1>Pier closed</h1>
<div class="story-body story-body-1"><p>The harbour authority closed the northern pier on Tuesday after divers found cracks in two of the concrete pillars that carry the loading ramp.</p>
<p>Repairs will take at least six weeks, the authority said, and the ferries that use the pier will berth at the old fish quay until then.</p></div>
<div class="supplemental"><h2>Related Coverage</h2><ul><li><a href="/a">Lighthouse keeper retires</a></li><li><a href="/b">New cycle path opens</a></li></ul></div>
<div class="story-body story-body-2"><p>Fishermen at the quay said they had been told nothing and worried about where their boats would go when the ferries arrive each evening.</p>
<p>The mayor said the town would pay for a temporary pontoon if the repairs took longer than planned, so that the fishing fleet can keep working.</p>
<p>A public meeting on the repairs is planned for next Thursday evening in the town hall, where engineers will answer questions from residents.</p></div>
</article></body></html>`
	_, text := extractString(t, page)
	for _, want := range []string{"harbour authority closed", "at least six weeks", "Fishermen at the quay", "public meeting"} {
		if !strings.Contains(text, want) {
			t.Errorf("%q lost from a body in numbered parts:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Lighthouse keeper") {
		t.Errorf("related box between the parts kept:\n%s", text)
	}
}

func TestMoreLinkTeasersDropped(t *testing.T) {
	// Teasers of other pages inside the body: a headline line, then a line
	// of text ending in a "more" link.
	page := `<html><head><title>Pier closed</title></head><body><article><h1>Pier closed</h1>` + pruneBody + `
<p>Weitere Informationen</p>
<p>Was Sie zur Fähre wissen müssen</p>
<p>Die Fähre legt bis auf Weiteres am alten Fischkai an. Hier finden Sie Antworten auf viele Fragen. <a href="/faehre">mehr</a></p>
<p>The mayor said the town would pay for a temporary pontoon if the repairs took longer than planned, so that the fishing fleet can <a href="/fleet">keep working</a>.</p>
</article></body></html>`
	_, text := extractString(t, page)
	for _, junk := range []string{"Hier finden Sie Antworten", "Was Sie zur Fähre"} {
		if strings.Contains(text, junk) {
			t.Errorf("teaser %q kept:\n%s", junk, text)
		}
	}
	if !strings.Contains(text, "temporary pontoon") {
		t.Errorf("paragraph ending in a link dropped:\n%s", text)
	}
}

func TestPerexIsLead(t *testing.T) {
	// Czech and Slovak sites call the standfirst the "perex".
	page := `<html><head><title>Pier closed</title></head><body><article><h1>Pier closed</h1>
<div class="article__perex">Divers found cracks in two pillars of the northern pier, which will stay closed for six weeks.</div>` + pruneBody + `</article></body></html>`
	lead, text := extractString(t, page)
	if !strings.HasPrefix(lead, "Divers found cracks") || strings.Contains(text, "Divers found cracks") {
		t.Errorf("perex not the lead: lead %q\n%s", lead, text)
	}
}

func TestTableWithLayoutClassKept(t *testing.T) {
	// "table-header" names the table's look (a header row), not the page's
	// header: the table is content.
	page := `<html><head><title>Pier closed</title></head><body><article><h1>Pier closed</h1>` + pruneBody + `
<table class="ingredients table-header"><thead><tr><th colspan="2"><h3>Materials for the pontoon:</h3></th></tr></thead>
<tbody><tr><td>40</td><td>steel floats</td></tr><tr><td>12 m</td><td>oak planking for the deck</td></tr><tr><td>6</td><td>mooring chains</td></tr></tbody></table>
</article></body></html>`
	_, text := extractString(t, page)
	if !strings.Contains(text, "oak planking") {
		t.Errorf("table with a layout class dropped:\n%s", text)
	}
}

func TestReadAlsoLinesDropped(t *testing.T) {
	// Links to other articles set inside the body: a label and one
	// headline link, or a headline link between arrows.
	page := `<html><head><title>Pier closed</title></head><body><article><h1>Pier closed</h1>` + pruneBody + `
<p>Lesen Sie hier: <a href="/a"><em>Neue Fähre für die Nordinsel bestellt</em></a></p>
<p>(Le puede interesar: <a href="/b">El puerto abre una nueva terminal de cruceros</a>)</p>
<p><a href="/c">&gt;&gt; Storm damage: what the insurers pay &lt;&lt;</a></p>
<p>Siehe auch <a href="/d">Der Leuchtturm bekommt einen neuen Wärter</a> <a href="/e">Neue Radwege an den Dünen</a></p>
<blockquote><b>PUEDES VER: </b><a href="/f">¿Cómo llegar a la isla sin el ferry?</a></blockquote>
<figure><img src="/shop.jpg"><figcaption>Jetzt neu! Besuchen Sie unseren Fan-Shop!</figcaption></figure>
<p>The divers will go down again on Friday: <a href="/report">the full report of the harbour authority</a> is due next month.</p>
<p>The mayor said the town would pay for a temporary pontoon if the repairs took longer than planned.</p>
</article></body></html>`
	_, text := extractString(t, page)
	for _, junk := range []string{"Nordinsel", "terminal de cruceros", "insurers", "Leuchtturm", "Radwege", "sin el ferry", "Fan-Shop"} {
		if strings.Contains(text, junk) {
			t.Errorf("read-also line %q kept:\n%s", junk, text)
		}
	}
	for _, keep := range []string{"The divers will go down again", "temporary pontoon"} {
		if !strings.Contains(text, keep) {
			t.Errorf("%q dropped:\n%s", keep, text)
		}
	}
}

func TestLinkLinesAndPitchAtBodyEnds(t *testing.T) {
	// A line that is one link opens or ends no body, and the site's pitch
	// after the article goes with it; the same words inside the body stay.
	page := `<html><head><title>Pier closed</title></head><body><article><h1>Pier closed</h1>
<p><a href="/news">News</a></p>` + pruneBody + `
<p>The ferry company said it would send a newsletter to season-ticket holders about the new berth.</p>
<p>Never miss the latest news by signing up to our newsletter today!</p>
<p>Get the latest news straight to your phone with the Harbour Daily app.</p>
<p><a href="/more">Hier geht es zur Übersicht der Fähren</a></p>
</article></body></html>`
	_, text := extractString(t, page)
	for _, junk := range []string{"News\n", "signing up", "straight to your phone", "Übersicht der Fähren"} {
		if strings.Contains(text, junk) || strings.HasPrefix(text, "News") {
			t.Errorf("%q kept:\n%s", junk, text)
		}
	}
	if !strings.Contains(text, "send a newsletter to season-ticket holders") {
		t.Errorf("body paragraph on a newsletter dropped:\n%s", text)
	}
	// News about apps, subscriptions and support is prose.
	for _, line := range []string{"Apple removed the ferry company's game from the App Store on Friday.",
		"El gobierno apoya a los pescadores y los usuarios pueden suscribirse al nuevo servicio de ferry."} {
		if isPitchLine(model.Block{Type: model.BlockParagraph, Text: line}) {
			t.Errorf("%q taken for the site's pitch", line)
		}
	}
	// The pitch and a disclosure of paid links inside the body go too.
	page = `<html><head><title>Pier closed</title></head><body><article><h1>Pier closed</h1>
<p>This post contains references to products from our advertisers. We may receive compensation when you click on links to those products.</p>` + pruneBody + `
<p>Werden Sie Mitglied im Hafenclub und erhalten Sie exklusive Angebote!</p>
<p>The mayor said the town would pay for a temporary pontoon if the repairs took longer than planned.</p>
</article></body></html>`
	_, text = extractString(t, page)
	for _, junk := range []string{"advertisers", "Mitglied"} {
		if strings.Contains(text, junk) {
			t.Errorf("%q kept:\n%s", junk, text)
		}
	}
}

func TestCaptionCredits(t *testing.T) {
	for _, c := range []struct{ in, caption, credit string }{
		{"Die Fähre am alten Fischkai. Bild: Hafenamt Nord", "Die Fähre am alten Fischkai.", "Hafenamt Nord"},
		{"Die Fähre am alten Fischkai. (Quelle: Hafenamt/DJV)", "Die Fähre am alten Fischkai.", "Hafenamt/DJV"},
		{"The pier after the storm | © Harbour Authority/Agency", "The pier after the storm", "Harbour Authority/Agency"},
		{"Le quai nord / (C) Jean Dupont", "Le quai nord", "Jean Dupont"},
		{"Zielarten am Kai. Foto © Jane Doe, John Roe", "Zielarten am Kai.", "Jane Doe, John Roe"},
		{"Foto: Jane Doe", "", "Jane Doe"},
		{"© Jane Doe", "", "Jane Doe"},
		{"The pier under section 2(c) of the act", "The pier under section 2(c) of the act", ""},
		{"Photo: the pier after the storm, seen from the old quay.", "Photo: the pier after the storm, seen from the old quay.", ""},
	} {
		caption, credit := creditInText(c.in)
		if caption != c.caption || credit != c.credit {
			t.Errorf("creditInText(%q) = %q, %q; want %q, %q", c.in, caption, credit, c.caption, c.credit)
		}
	}
	page := `<html><head><title>Pier closed</title></head><body><article><h1>Pier closed</h1>` + pruneBody + `
<figure><img src="/pier.jpg"><figcaption>The pier after the storm. Bild: Hafenamt Nord</figcaption></figure>
<p>The mayor said the town would pay for a temporary pontoon if the repairs took longer than planned.</p>
</article></body></html>`
	_, text := extractString(t, page)
	if strings.Contains(text, "Hafenamt") || !strings.Contains(text, "The pier after the storm.") {
		t.Errorf("credit left in the caption's text, or caption lost:\n%s", text)
	}
}

func TestPressContactAndPageFurniture(t *testing.T) {
	for _, line := range []string{"War der Artikel nützlich? (95 Stimmen: 4,73 von 5)", "(Noch keine Bewertungen) Loading...", "Kommentarfeed | Kommentare geschlossen",
		"Permalink https://example.org/p/1", "SUGGESTED CITATION Doe, Jane: The pier, Harbour Blog, 2020/4/09", "© 2020 Example Media. All rights reserved.",
		"Kontakt: Jane Doe, Pressestelle, Tel. 030-123456, E-Mail: presse(at)example.org", "Your video will play in 00:25", "View this image ›",
		"Keine Kommentare (Kommentare erscheinen erst nach Freigabe)", "Aktualisiert am 17.01.2021.",
		"Media playback is unsupported on your device", "Listen to this article", "Continue reading the main story", "Now playing: The harbour at night",
		"1 Share", "12 shares", "ADVERTISING", "Main article: Harbour of Example", "Medically reviewed by Jane Doe, MD",
		"Dieses Skript als PDF herunterladen", "Themen: Der Hafen, die Fähren Download (123 KB)"} {
		if !isBoilerplateLine(normLine(line)) {
			t.Errorf("%q not taken for chrome", line)
		}
	}
	if isBoilerplateLine(normLine("Now playing in two cinemas on the quay, the film follows the ferry's last crossing.")) {
		t.Error("a sentence opening with \"Now playing\" is prose")
	}
	if isBoilerplateLine(normLine("Kontakt: the two crews had no contact during the storm.")) {
		t.Error("a sentence after a contact label is prose")
	}
	page := `<html><head><title>Pier closed</title></head><body><article><h1>Pier closed</h1>` + pruneBody + `
<p>Weitere Informationen:</p>
<p><a href="/plan">Der Plan der Bauarbeiten</a> (PDF)</p>
<p>Pressekontakt</p>
<p>Jane Doe, Hafenamt Nord</p>
<p>Tel.: 030 123456, E-Mail: presse@example.org</p>
</article></body></html>`
	_, text := extractString(t, page)
	for _, junk := range []string{"Weitere Informationen", "Plan der Bauarbeiten", "Pressekontakt", "Jane Doe", "presse@"} {
		if strings.Contains(text, junk) {
			t.Errorf("%q kept:\n%s", junk, text)
		}
	}
	if !strings.Contains(text, "Fishermen at the quay") {
		t.Errorf("body lost:\n%s", text)
	}
}

func TestReadingTipHeadsEndSection(t *testing.T) {
	page := `<html><head><title>Pier closed</title></head><body><article><h1>Pier closed</h1>` + pruneBody + `
<h3>Schon gelesen?</h3>
<p>Neue Fähre für die Nordinsel</p>
<p>Der Leuchtturm bekommt einen neuen Wärter</p>
</article></body></html>`
	_, text := extractString(t, page)
	for _, junk := range []string{"Schon gelesen", "Nordinsel", "Leuchtturm"} {
		if strings.Contains(text, junk) {
			t.Errorf("%q kept:\n%s", junk, text)
		}
	}
}

func TestSliderArrowsAndLoadingPlaceholder(t *testing.T) {
	page := `<html><head><title>Pier closed</title></head><body><article><h1>Pier closed</h1>` + pruneBody + `
<p>正在加载...</p>
<p>&lt; &gt;</p>
<p>The mayor said the town would pay for a temporary pontoon if the repairs took longer than planned.</p>
</article></body></html>`
	_, text := extractString(t, page)
	for _, junk := range []string{"正在加载", "< >"} {
		if strings.Contains(text, junk) {
			t.Errorf("%q kept:\n%s", junk, text)
		}
	}
}

func TestAuthorBoxMicrodataDropped(t *testing.T) {
	page := `<html><head><title>Pier closed</title></head><body><article class="post"><h1>Pier closed</h1>
<div class="entry-content">` + pruneBody + `
<p>The ferries will berth at the quay, said <span itemscope itemtype="https://schema.org/Person"><span itemprop="name">Jane Doe</span></span> of the harbour authority, until the repairs are done.</p>
<section class="site-content-box" itemprop="author" itemscope itemtype="https://schema.org/Person">
<div itemprop="description"><p>Hallo, ich bin Jane, Foodbloggerin und Journalistin, und schreibe hier seit zehn Jahren über das Leben an der Küste und das Backen.</p></div>
</section></div></article></body></html>`
	_, text := extractString(t, page)
	if strings.Contains(text, "Foodbloggerin") {
		t.Errorf("author box kept:\n%s", text)
	}
	if !strings.Contains(text, "said Jane Doe of the harbour authority") {
		t.Errorf("a name marked up as a person inside a sentence lost:\n%s", text)
	}
}

// sectionParts are four paragraphs of a body, one per section.
var sectionParts = []string{
	"The harbour authority closed the northern pier on Tuesday after divers found cracks in two of the concrete pillars that carry the loading ramp of the ferries.",
	"Repairs will take at least six weeks, the authority said, and the ferries that use the pier will berth at the old fish quay until the work is done.",
	"Fishermen at the quay said they had been told nothing and worried about where their boats would go when the ferries arrive each evening from the islands.",
	"The mayor said the town would pay for a temporary pontoon if the repairs took longer than planned, so that the fishing fleet can keep working through the season.",
}

func TestBodyInSectionsClimbed(t *testing.T) {
	// No hint names the body: it is cut in sections, each a text block
	// and a small bar of actions; the sections sit side by side.
	var b strings.Builder
	b.WriteString(`<html><head><title>Pier closed</title></head><body><div class="page-wrapper"><h1>Pier closed</h1>`)
	for i, p := range sectionParts {
		extra := ""
		if i == 2 {
			extra = "<p>" + p + "</p>"
		}
		b.WriteString(`<section class="subpage"><div class="txt"><p>` + p + `</p>` + extra + `</div><div class="utility"><a href="/c">Diskussionen</a> <a href="/a">Vorschläge</a></div></section>`)
	}
	b.WriteString(`</div></body></html>`)
	_, text := extractString(t, b.String())
	for _, p := range sectionParts {
		if !strings.Contains(text, p[:40]) {
			t.Errorf("section %q lost:\n%s", p[:40], text)
		}
	}
}

func TestBodyPartsInUnclosedWrappers(t *testing.T) {
	// Each body part sits in a wrapper left unclosed, so each part nests a
	// level deeper than the one before; they are still one body.
	page := `<html><head><title>Pier closed</title></head><body><div class="main">
<section class="part"><div class="article-body"><p>` + sectionParts[0] + `</p></div>
<section class="part"><div class="article-body"><p>` + sectionParts[1] + `</p></div>
<section class="part"><div class="article-body"><p>` + sectionParts[2] + `</p><p>` + sectionParts[3] + `</p></div>
</div></body></html>`
	_, text := extractString(t, page)
	for _, p := range sectionParts {
		if !strings.Contains(text, p[:40]) {
			t.Errorf("part %q lost:\n%s", p[:40], text)
		}
	}
}

func TestEmbedConsentPlaceholderDropped(t *testing.T) {
	page := `<html><head><title>Pier closed</title></head><body><article><h1>Pier closed</h1>` + pruneBody + `
<p>Wir respektieren deine Privatsphäre und stellen deshalb ohne dein Einverständnis keine Verbindung zu Twitter her.</p>
<p>Klicken Sie auf den unteren Button, um den Inhalt von www.example.org zu laden.</p>
<p>The mayor said the town would pay for a temporary pontoon if the repairs took longer than planned.</p>
<p>We want to hear what you think about this article. Submit a letter to the editor.</p>
</article></body></html>`
	_, text := extractString(t, page)
	for _, junk := range []string{"Privatsphäre", "Button", "letter to the editor"} {
		if strings.Contains(text, junk) {
			t.Errorf("%q kept:\n%s", junk, text)
		}
	}
}

func TestTableOfContentsAndDisclaimers(t *testing.T) {
	page := `<html><head><title>Pier closed</title></head><body><article><h1>Pier closed</h1>
<p>(Alle Angaben ohne Gewähr)</p>
<h2>Inhaltsverzeichnis</h2>
<ul><li><a href="#a">Die Schäden</a></li><li><a href="#b">Die Fähren</a></li></ul>
<h2 id="a">Die Schäden</h2>` + pruneBody + `
<p>Sie sind aktuell nicht eingeloggt.</p>
<p>The mayor said the town would pay for a temporary pontoon if the repairs took longer than planned.</p>
</article></body></html>`
	_, text := extractString(t, page)
	for _, junk := range []string{"Gewähr", "Inhaltsverzeichnis", "Die Fähren", "eingeloggt"} {
		if strings.Contains(text, junk) {
			t.Errorf("%q kept:\n%s", junk, text)
		}
	}
	for _, keep := range []string{"Die Schäden", "Fishermen at the quay", "temporary pontoon"} {
		if !strings.Contains(text, keep) {
			t.Errorf("%q lost:\n%s", keep, text)
		}
	}
}

func TestTextWidgetIsNotTheBody(t *testing.T) {
	// A short photo post beside a long text widget in the second column.
	page := `<html><head><title>Scherenschnitt</title></head><body><div class="col-1"><div class="post-17 post">
<h1>Scherenschnitt</h1><p><img src="/city.jpg"></p>
<p>Die Stadt steht schwarz vor dem Abendhimmel, die Türme wie ausgeschnitten. Für den von der Kamera eingefangenen Moment hat sich der Weg auf den Berg gelohnt.</p>
</div></div>
<div class="col-2"><div class="textwidget"><p>Auf diesem Blog gibt es gelegentlich Links zu fremden Webseiten. Ich habe keinen Einfluss auf die Inhalte dieser Seiten und keine Kontrolle über Änderungen an diesen Seiten.</p>
<p>Die Tatsache, dass ich auf eine Seite verlinke, bedeutet nicht, dass ich dort geäußerte Meinungen teile oder mir die Inhalte zu eigen mache. Ich übernehme keinerlei Verantwortung für den Inhalt verlinkter Seiten.</p></div></div>
</body></html>`
	_, text := extractString(t, page)
	if !strings.Contains(text, "Die Stadt steht schwarz") || strings.Contains(text, "fremden Webseiten") {
		t.Errorf("text widget taken for the body:\n%s", text)
	}
}

func TestAuthorBoxClassDropped(t *testing.T) {
	page := `<html><head><title>Pier closed</title></head><body><article><h1>Pier closed</h1>
<div class="entry-content">` + pruneBody + `
<div class="post-content-box post-author-box"><p>Jane Doe writes about the coast, its harbours and its ferries, and has lived by the old fish quay for twenty years.</p></div>
</div></article></body></html>`
	_, text := extractString(t, page)
	if strings.Contains(text, "Jane Doe writes") || !strings.Contains(text, "Fishermen at the quay") {
		t.Errorf("author box kept or body lost:\n%s", text)
	}
}

func TestChromeNotLead(t *testing.T) {
	// Elements marked as the standfirst that hold a share bar, a date and
	// byline line, a breadcrumb trail or a picture's caption with its
	// credit are not the standfirst.
	for _, lead := range []string{"Artikel Redaktion Hafenblatt Kontakt Teilen Drucken", "20. Mai 2019 - von Jane Doe",
		"Startseite / Aktuelles / 08.11.2021 | Der Hafen schließt", "Der alte Fischkai am Abend. © Hafenamt Nord",
		"Der alte Fischkai am Abend, mit den Kuttern der Genossenschaft am Steg und der Fähre im Hintergrund © Hafenamt Nord | Jane Doe Die Fischer am Kai sagen, sie hätten nichts erfahren, und fragen sich, wo ihre Boote liegen sollen."} {
		page := `<html><head><title>Pier closed</title></head><body><article><h1>Pier closed</h1>
<div class="intro">` + lead + `</div>` + pruneBody + `</article></body></html>`
		got, text := extractString(t, page)
		if got != "" {
			t.Errorf("lead %q taken", got)
		}
		if !strings.Contains(text, "Fishermen at the quay") {
			t.Errorf("body lost:\n%s", text)
		}
	}
	page := `<html><head><title>Pier closed</title></head><body><article><h1>Pier closed</h1>
<p class="intro">The northern pier stays closed for six weeks while divers and engineers repair two cracked pillars.</p>` + pruneBody + `</article></body></html>`
	if got, _ := extractString(t, page); got == "" {
		t.Error("a standfirst of prose lost")
	}
	if !isBoilerplateLine(normLine("Teilen Senden")) || isBoilerplateLine(normLine("The ferry company will share the costs with the town.")) {
		t.Error("button row not told from prose")
	}
}

func TestArticleBodyMarkedPerSection(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<html><head><title>Pier closed</title></head><body><article><h1>Pier closed</h1><div class="container">`)
	for i, p := range sectionParts[:3] {
		b.WriteString(`<section class="article-section" itemprop="articleBody" id="section-` + string(rune('0'+i)) + `"><p>` + p + `</p>`)
		if i == 1 {
			b.WriteString(`<p>` + sectionParts[3] + `</p>`)
		}
		b.WriteString(`</section><div class="ad">Anzeige</div>`)
	}
	b.WriteString(`</div></article></body></html>`)
	_, text := extractString(t, b.String())
	for _, p := range sectionParts {
		if !strings.Contains(text, p[:40]) {
			t.Errorf("section %q lost:\n%s", p[:40], text)
		}
	}
}

func TestLeadAfterBodyNotLead(t *testing.T) {
	// A box marked as a standfirst that sits after the whole body, or in
	// the sidebar, is a teaser of another post or the site's blurb, not
	// this article's deck; one before the body is the deck, and one in the
	// sidebar that says what the page's description says still is.
	teaser := "Would you like to know more about living on a houseboat in the harbour? Then you have come to the right place."
	sidebar := `<div class="sidebar-box"><div class="excerpt">` + teaser + `</div></div>`
	for _, box := range []string{sidebar, `<div class="col2"><div class="excerpt">` + teaser + `</div></div>`} {
		page := `<html><head><title>Pier closed</title></head><body><h1>Pier closed</h1>
<div class="content"><div class="text">` + pruneBody + `</div></div>` + box + `</body></html>`
		lead, text := extractString(t, page)
		if strings.Contains(lead+text, "houseboat") {
			t.Errorf("excerpt after the body taken: lead %q", lead)
		}
		if !strings.Contains(text, "Fishermen at the quay") {
			t.Errorf("body lost:\n%s", text)
		}
	}
	page := `<html><head><title>Pier closed</title></head><body><h1>Pier closed</h1><div class="excerpt">` + teaser + `</div>
<div class="content"><div class="text">` + pruneBody + `</div></div></body></html>`
	if lead, _ := extractString(t, page); lead != teaser {
		t.Errorf("deck before the body lost: %q", lead)
	}
	page = `<html><head><title>Pier closed</title><meta name="description" content="` + teaser + `"></head><body><h1>Pier closed</h1>
<div class="content"><div class="text">` + pruneBody + `</div></div>` + sidebar + `</body></html>`
	if lead, _ := extractString(t, page); lead != teaser {
		t.Errorf("deck after the body that is the description lost: %q", lead)
	}
}

func TestBodyPartsSharingFirstClass(t *testing.T) {
	// The parts of one body share their first class word and a second one
	// tells them apart; a related-note box sits between them.
	page := `<html><head><title>Pier closed</title></head><body><h1>Pier closed</h1><div class="col-8">
<section class="detail-body first-paragraph"><p>` + sectionParts[0] + `</p></section>
<section class="detail-body second-paragraph"><p>` + sectionParts[1] + `</p></section>
<section class="related-note-in-body"><a href="/other">Inflation: what next for wages?</a></section>
<section class="detail-body"><p>` + sectionParts[2] + `</p><p>` + sectionParts[3] + `</p></section>
</div><div class="sidebar"><p>Subscribe to our newsletter for the harbour news of the week, every Friday morning.</p></div></body></html>`
	_, text := extractString(t, page)
	for _, p := range sectionParts {
		if !strings.Contains(text, p[:40]) {
			t.Errorf("part %q lost:\n%s", p[:40], text)
		}
	}
	if strings.Contains(text, "Inflation") {
		t.Errorf("related note kept:\n%s", text)
	}
}

func TestShortBodyPartBeforeParts(t *testing.T) {
	// A body in paragraphs that each carry the body's class: the short
	// opening line before them is one of the parts.
	page := `<html><head><title>Pier closed</title></head><body><h1>Pier closed</h1><div class="default">
<p class="bodytext">Jane Doe, head of the harbour authority, on the closure:</p>
<p class="bodytext">` + sectionParts[0] + `</p><p class="bodytext">` + sectionParts[1] + `</p><p class="bodytext">` + sectionParts[2] + `</p>
</div><div class="teaser"><p class="bodytext">More from the harbour</p></div></body></html>`
	_, text := extractString(t, page)
	if !strings.Contains(text, "Jane Doe, head of the harbour authority") {
		t.Errorf("opening line lost:\n%s", text)
	}
	if strings.Contains(text, "More from the harbour") {
		t.Errorf("teaser kept:\n%s", text)
	}
}

func TestBodyInArticlesOfOneKind(t *testing.T) {
	// A CMS writes each text block of the body as an <article> of the
	// same first class, side by side: they are one body, not its longest
	// block.
	page := `<html><head><title>Pier closed</title></head><body><h1>Pier closed</h1><div class="main">
<a class="anchor" id="c1"></a><article class="content-element text" id="ce1"><p>` + sectionParts[0] + `</p><p>` + sectionParts[1] + `</p></article>
<a class="anchor" id="c2"></a><article class="content-element text-media" id="ce2"><h2>The fleet</h2><p>` + sectionParts[2] + `</p></article>
<a class="anchor" id="c3"></a><article class="content-element text" id="ce3"><p>` + sectionParts[3] + `</p></article>
</div></body></html>`
	_, text := extractString(t, page)
	for _, p := range sectionParts {
		if !strings.Contains(text, p[:40]) {
			t.Errorf("block %q lost:\n%s", p[:40], text)
		}
	}
}

func TestLeadAfterHeadlinePreferred(t *testing.T) {
	// Two boxes are marked as the standfirst: a banner above the headline
	// (a site-wide notice) and the deck below it. The deck is the one; a
	// page whose only marked box sits above the headline keeps it.
	notice := "The harbour office is open again on weekdays from nine to five, and all services are online."
	deck := "Divers found cracks in two pillars of the northern pier, which will stay closed for six weeks."
	page := `<html><head><title>Pier closed</title></head><body><div class="alert"><p class="lead">` + notice + `</p></div>
<h1>Pier closed</h1><p class="lead">` + deck + `</p><article>` + pruneBody + `</article></body></html>`
	if lead, text := extractString(t, page); lead != deck || strings.Contains(text, "harbour office") {
		t.Errorf("lead %q, text:\n%s", lead, text)
	}
	page = `<html><head><title>Pier closed</title></head><body><p class="lead">` + deck + `</p>
<h1>Pier closed</h1><article>` + pruneBody + `</article></body></html>`
	if lead, _ := extractString(t, page); lead != deck {
		t.Errorf("deck above the headline lost: %q", lead)
	}
}

func TestDescriptionShownInBodyHeader(t *testing.T) {
	// The deck that says what the description says sits in the body's
	// own header, which the body's cleaning removes with the headline; or
	// the headline is set as an <h2> with the title's words. Either way
	// it is the standfirst.
	desc := "Divers found cracks in two pillars of the northern pier, which will stay closed for six weeks."
	for _, head := range []string{`<header class="intro"><h1>Pier closed</h1><p class="heading">` + desc + `</p></header>`,
		`<header class="mt-0"><p class="kicker">Harbour</p><h2 class="text-5xl">Pier closed</h2><p class="text-xl">` + desc + `</p></header>`} {
		page := `<html><head><title>Pier closed</title><meta name="description" content="` + desc + `"></head><body>
<article>` + head + pruneBody + `</article></body></html>`
		lead, text := extractString(t, page)
		if lead != desc {
			t.Errorf("deck lost: lead %q, text:\n%s", lead, text)
		}
		if strings.Contains(text, "Divers found cracks") {
			t.Errorf("deck left in the body:\n%s", text)
		}
	}
}

func TestDateLineMarkedLeadSkipped(t *testing.T) {
	// A date and byline line in a box whose class reads as a standfirst
	// is passed over for the deck marked after it.
	deck := "Divers found cracks in two pillars of the northern pier, which will stay closed for six weeks."
	page := `<html><head><title>Pier closed</title></head><body><article><h1>Pier closed</h1>
<div class="teaser-meta">Von Jane Doe am 21. April 2020</div><p class="lead">` + deck + `</p>` + pruneBody + `</article></body></html>`
	if lead, _ := extractString(t, page); lead != deck {
		t.Errorf("lead %q", lead)
	}
}

func TestMoreTeaserNotLead(t *testing.T) {
	// A box marked as the standfirst that ends in a "more" label after a
	// sentence, or after one cut short, is a teaser of another page; a
	// deck whose last word is "more" is a deck.
	for _, c := range []struct {
		lead string
		want bool
	}{
		{"Harbour history: the pier from 1890 to today, its ferries and its fishermen, in pictures. Read more", false},
		{"Die Geschichte des Hafens, von 1890 bis heute, mit seinen Fähren und Fischern… Weiterlesen »", false},
		{"Divers found cracks in two pillars, and the ferries will berth at the old fish quay for six weeks or more", true},
	} {
		page := `<html><head><title>Pier closed</title></head><body><article><h1>Pier closed</h1>
<div class="intro">` + c.lead + `</div>` + pruneBody + `</article></body></html>`
		if got, _ := extractString(t, page); (got != "") != c.want {
			t.Errorf("%q: lead %q", c.lead, got)
		}
	}
}

func TestOpeningBeforeBodyIsLead(t *testing.T) {
	// Nothing marks the standfirst and the description says something
	// else: the block of prose between the headline and the body, right
	// before the body, is the standfirst. A date line there is not.
	opening := "Divers found cracks in two pillars of the northern pier, which will stay closed for at least six weeks."
	for _, c := range []struct{ before, want string }{
		{`<div class="font-bold">` + opening + `</div>`, opening},
		{`<div class="meta">Jane Doe, 4 December 2022, 10:30</div>`, ""},
		{`<div>` + opening + ` <a href="/a">Pier</a> <a href="/b">Ferries</a> <a href="/c">Harbour news of the week</a> <a href="/d">Fishing</a></div>`, ""},
	} {
		page := `<html><head><title>Pier closed</title><meta name="description" content="All the news from the harbour town."></head><body><article><h1>Pier closed</h1>
` + c.before + `<div class="article-body">` + pruneBody + `</div></article></body></html>`
		if lead, _ := extractString(t, page); lead != c.want {
			t.Errorf("%q: lead %q", c.before, lead)
		}
	}
}

package main

import (
	"fmt"
	"path"
	"strings"
	"time"

	"newsbridge/model"
)

// wordpress: a classic WordPress theme. Yoast JSON-LD @graph without
// articleBody, entry-meta, wp-block-image figures with credits in the
// caption, Jetpack share buttons and related posts, a comment thread with
// <article> comments, sidebar widgets. The lead is the first paragraph and
// og:description.
func wordpress(a *article) page {
	c := chromes[a.Lang]
	t := localTime(a)
	url := fmt.Sprintf("https://%s/%s/%s/", a.Site, t.Format("2006/01"), a.Slug)
	catSlug := slug(a.Category)
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html>
<html lang="%s" dir="%s">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>%s &#8211; %s</title>
<link rel="canonical" href="%s">
<meta property="og:locale" content="%s">
<meta property="og:type" content="article">
<meta property="og:title" content="%s">
<meta property="og:description" content="%s">
<meta property="og:url" content="%s">
<meta property="og:site_name" content="%s">
<meta property="og:image" content="%s">
<meta property="article:published_time" content="%s">
<link rel="stylesheet" id="theme-css" href="/wp-content/themes/newsup/style.css" media="all">
<style>.screen-reader-text{position:absolute;left:-9999px}</style>
`, a.Lang, dir(a.Lang), esc(a.Title), esc(a.Site), url, a.Lang, esc(a.Title), esc(a.Lead), url, esc(a.Site), firstImage(a), t.Format(time.RFC3339))
	graph := []any{
		map[string]any{"@type": "WebSite", "@id": "https://" + a.Site + "/#website", "url": "https://" + a.Site + "/", "name": a.Site},
		map[string]any{"@type": "WebPage", "@id": url, "url": url, "name": a.Title, "isPartOf": map[string]string{"@id": "https://" + a.Site + "/#website"},
			"breadcrumb": map[string]any{"@type": "BreadcrumbList", "itemListElement": []any{
				map[string]any{"@type": "ListItem", "position": 1, "name": c.home, "item": "https://" + a.Site + "/"},
				map[string]any{"@type": "ListItem", "position": 2, "name": a.Category, "item": "https://" + a.Site + "/category/" + catSlug + "/"},
				map[string]any{"@type": "ListItem", "position": 3, "name": a.Title}}}},
	}
	art := map[string]any{"@type": "Article", "headline": a.Title, "datePublished": t.Format(time.RFC3339),
		"dateModified": t.Add(2 * time.Hour).Format(time.RFC3339), "mainEntityOfPage": map[string]string{"@id": url},
		"articleSection": []string{a.Category}, "inLanguage": a.Lang, "image": map[string]any{"@type": "ImageObject", "url": firstImage(a)}}
	if a.Byline != "" {
		var authors []any
		for _, n := range strings.Split(a.Byline, ", ") {
			authors = append(authors, map[string]string{"@type": "Person", "name": n})
		}
		art["author"] = authors
	}
	graph = append(graph, art)
	b.WriteString(jsonLD(map[string]any{"@context": "https://schema.org", "@graph": graph}))
	fmt.Fprintf(&b, `</head>
<body class="post-template-default single single-post postid-4821 single-format-standard has-sidebar">
<div id="page" class="site">
<a class="skip-link screen-reader-text" href="#content">Skip to content</a>
<header id="masthead" class="site-header">
  <div class="site-branding"><p class="site-title"><a href="/" rel="home">%s</a></p></div>
  <nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu"><li><a href="/">%s</a></li><li><a href="/category/%s/">%s</a></li></ul></nav>
</header>
<div id="content" class="site-content">
<div id="primary" class="content-area"><main id="main" class="site-main">
<article id="post-4821" class="post-4821 post type-post status-publish format-standard has-post-thumbnail category-%s">
<header class="entry-header">
  <span class="cat-links"><a href="/category/%s/" rel="category tag">%s</a></span>
  <h1 class="entry-title">%s</h1>
  <div class="entry-meta">
`, esc(a.Site), esc(c.home), catSlug, esc(a.Category), catSlug, catSlug, esc(a.Category), esc(a.Title))
	fmt.Fprintf(&b, `    <span class="posted-on"><a href="%s" rel="bookmark"><time class="entry-date published" datetime="%s">%s</time><time class="updated" datetime="%s">%s</time></a></span>
`, url, t.Format(time.RFC3339), t.Format("02/01/2006"), t.Add(2*time.Hour).Format(time.RFC3339), t.Add(2*time.Hour).Format("02/01/2006"))
	if a.Byline != "" {
		fmt.Fprintf(&b, `    <span class="byline"> by <span class="author vcard"><a class="url fn n" href="/author/x/">%s</a></span></span>
`, esc(a.Byline))
	}
	b.WriteString(`  </div>
</header>
<div class="entry-content">
`)
	fmt.Fprintf(&b, "<p>%s</p>\n", esc(a.Lead))
	b.WriteString(bodyHTML(a, func(f model.Block) string {
		cred := ""
		if f.Credit != "" {
			cred = fmt.Sprintf(` <span class="credit">%s: %s</span>`, c.photo, esc(f.Credit))
		}
		return fmt.Sprintf(`<figure class="wp-block-image size-large"><img decoding="async" width="1024" height="683" src="%s" alt="%s" class="wp-image-4822" srcset="%s 1024w, %s 300w" sizes="(max-width: 1024px) 100vw, 1024px"><figcaption class="wp-element-caption">%s%s</figcaption></figure>`,
			f.Src, esc(f.Alt), f.Src, strings.Replace(f.Src, ".jpg", "-300x200.jpg", 1), esc(f.Caption), cred)
	}))
	fmt.Fprintf(&b, `<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social sd-social-icon-text sd-sharing"><h3 class="sd-title">%s:</h3><div class="sd-content"><ul><li class="share-facebook"><a rel="nofollow noopener noreferrer" class="share-facebook sd-button share-icon" href="?share=facebook" target="_blank"><span>Facebook</span></a></li><li class="share-x"><a class="share-x sd-button" href="?share=x"><span>X</span></a></li><li class="share-end"></li></ul></div></div></div>
<div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline"><em>%s</em></h3>%s</div>
</div><!-- .entry-content -->
<footer class="entry-footer"><span class="tags-links">Tags: <a href="/tag/a/" rel="tag">%s</a></span></footer>
</article>
<nav class="navigation post-navigation" aria-label="Posts"><div class="nav-links"><div class="nav-previous"><a href="/p/1" rel="prev">%s</a></div></div></nav>
<div id="comments" class="comments-area">
  <h2 class="comments-title">2 %s</h2>
  <ol class="comment-list">
    <li id="comment-12" class="comment even thread-even depth-1"><article id="div-comment-12" class="comment-body"><footer class="comment-meta"><b class="fn">Reader</b> <time datetime="2020-01-01T10:00:00+00:00">2020</time></footer><div class="comment-content"><p>This is exactly what I have been saying for years, and nobody listened to us back then. Thank you for covering it at last in such detail, it matters to many of us.</p></div></article></li>
    <li id="comment-13" class="comment odd alt thread-odd depth-1"><article id="div-comment-13" class="comment-body"><div class="comment-content"><p>I disagree with the framing of this piece entirely, there is another side to the story that the reporter did not bother to look for at all.</p></div></article></li>
  </ol>
  <div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3><form action="/wp-comments-post.php" method="post" id="commentform"><textarea id="comment" name="comment"></textarea><input name="submit" type="submit" value="Post Comment"></form></div>
</div>
</main></div>
<aside id="secondary" class="widget-area"><section id="recent-posts-2" class="widget widget_recent_entries"><h2 class="widget-title">%s</h2>%s</section>
<section class="widget widget_newsletter"><p>%s</p><form><input type="email"></form></section></aside>
</div>
<footer id="colophon" class="site-footer"><div class="site-info">&copy; 2024 %s. Proudly powered by WordPress</div></footer>
</div>
<script src="/wp-includes/js/jquery/jquery.min.js"></script>
<script>window._wpemojiSettings = {"baseUrl":"https://s.w.org/images/core/emoji/"};</script>
</body></html>
`, esc(c.share), esc(c.related), relatedList(c, a.Site), esc(a.Category), esc(c.related1), esc(c.comments), esc(c.readMore), relatedList(c, a.Site), esc(c.newsletter), esc(a.Site))
	return page{body: []byte(b.String()), pageURL: url, want: expected(a, url, a.Lang, true, [2]int{1024, 683})}
}

// seedPortal imitates the seed site: a Vietnamese national portal that
// republishes articles. Its defects are all here: the sapo printed again as
// the first paragraph, image file names as alt text and once as a paragraph,
// a caption printed twice, the credit on its own line, the author line and a
// bare "Source" link at the end, "Comment (0)", "No data No data", and
// same-category / same-author lists.
func seedPortal(a *article) page {
	c := chromes[a.Lang]
	t := localTime(a)
	url := fmt.Sprintf("https://%s/%s-post%d.html", a.Site, a.Slug, 900000+len(a.Title)*37)
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html>
<html lang="%s" dir="%s">
<head>
<meta charset="utf-8">
<title>%s</title>
<meta name="description" content="%s">
<meta property="og:title" content="%s">
<meta property="og:description" content="%s">
<meta property="og:image" content="%s">
<meta property="og:url" content="%s">
<meta property="og:site_name" content="Vietnam.vn">
<link rel="canonical" href="%s">
<meta property="article:published_time" content="%s">
</head>
<body>
<div class="header"><div class="logo"><a href="/">Vietnam.vn - Nền tảng quảng bá Việt Nam</a></div>
<ul class="menu"><li><a href="/">%s</a></li><li><a href="/c/1">%s</a></li></ul></div>
<div class="cookie-consent">%s</div>
<div class="container"><div class="main-col">
<div class="breadcrumbs"><a href="/">%s</a> <span>›</span> <a href="/c/1">%s</a></div>
<h1 class="detail-title">%s</h1>
<h2 class="detail-sapo">%s</h2>
<div class="detail-source"><span class="author-source">Báo Nhân dân</span><span class="author-source">Báo Nhân dân</span><span class="detail-time">%s</span></div>
<div class="detail-content">
`, a.Lang, dir(a.Lang), esc(a.Title), esc(a.Lead), esc(a.Title), esc(a.Lead), firstImage(a), url, url, t.Format(time.RFC3339),
		esc(c.home), esc(a.Category), esc(c.cookie), esc(c.home), esc(a.Category), esc(a.Title), esc(a.Lead), t.Format("02/01/2006"))
	fmt.Fprintf(&b, "<p>%s</p>\n", esc(a.Lead))
	n := 0
	b.WriteString(bodyHTML(a, func(f model.Block) string {
		n++
		file := path.Base(f.Src)
		cred := ""
		if f.Credit != "" {
			cred = fmt.Sprintf(`<p class="author">%s</p>`, esc(f.Credit))
		}
		s := fmt.Sprintf(`<figure class="image"><img src="%s" alt="%s" title="%s"><figcaption><p>%s</p>%s</figcaption></figure>`, f.Src, esc(file), esc(file), esc(f.Caption), cred)
		switch n % 3 {
		case 1:
			// The caption printed again under the figure.
			s += fmt.Sprintf("\n<p><em>%s</em></p>", esc(f.Caption))
		case 2:
			// The file name printed as a paragraph above the figure.
			s = fmt.Sprintf("<p>%s</p>\n", esc(file)) + s
		}
		return s
	}))
	if a.Byline != "" {
		fmt.Fprintf(&b, `<p class="author" style="text-align:right"><strong>%s</strong></p>
`, esc(a.Byline))
	}
	fmt.Fprintf(&b, `<p>%s: <a href="https://nhandan.example.vn/%s">https://nhandan.example.vn/%s</a></p>
<div class="no-data">%s</div>
</div>
<div class="detail-tags"><a href="/tag/1">%s</a></div>
<div class="comment-box"><span class="comment-count">%s (0)</span><textarea></textarea></div>
<div class="empty-data">%s</div><div class="empty-data">%s</div>
<div class="same-category"><h3>%s</h3>%s</div>
<div class="same-author"><h3>%s</h3>%s</div>
</div>
<div class="side-col"><div class="box-hot"><h3>%s</h3>%s</div></div>
</div>
<div class="footer">Vietnam.vn &copy; 2025</div>
</body></html>
`, esc(c.source), a.Slug, a.Slug, esc(c.noData), esc(a.Category), esc(c.comments), esc(c.noData), esc(c.noData), esc(c.sameCat), relatedList(c, a.Site), esc(c.sameAuthor), relatedList(c, a.Site), esc(c.readMore), relatedList(c, a.Site))
	want := expected(a, url, a.Lang, false, [2]int{})
	for i := range want.Blocks {
		// The site puts the file name in alt; a file name is not an alt.
		want.Blocks[i].Alt = ""
	}
	return page{body: []byte(b.String()), pageURL: url, want: want}
}

// amp: an AMP page whose canonical is the regular article; amp-img with
// sizes, JSON-LD NewsArticle with articleBody, amp-social-share.
func amp(a *article) page {
	c := chromes[a.Lang]
	t := localTime(a)
	canon := fmt.Sprintf("https://%s/news/%s.html", a.Site, a.Slug)
	pageURL := fmt.Sprintf("https://%s/amp/news/%s.html", a.Site, a.Slug)
	var b strings.Builder
	fmt.Fprintf(&b, `<!doctype html>
<html ⚡ lang="%s" dir="%s">
<head>
<meta charset="utf-8">
<title>%s | %s</title>
<link rel="canonical" href="%s">
<meta name="viewport" content="width=device-width,minimum-scale=1,initial-scale=1">
<meta property="og:site_name" content="%s">
<script async src="https://cdn.ampproject.org/v0.js"></script>
<script async custom-element="amp-social-share" src="https://cdn.ampproject.org/v0/amp-social-share-0.1.js"></script>
<style amp-boilerplate>body{-webkit-animation:-amp-start 8s steps(1,end) 0s 1 normal both}</style>
<style amp-custom>.article-body p{font-size:18px}</style>
`, a.Lang, dir(a.Lang), esc(a.Title), esc(a.Site), canon, esc(a.Site))
	ld := map[string]any{"@context": "https://schema.org", "@type": "NewsArticle", "mainEntityOfPage": canon, "headline": a.Title,
		"description": a.Lead, "datePublished": t.Format(time.RFC3339), "dateModified": t.Add(2 * time.Hour).Format(time.RFC3339),
		"articleSection": a.Category, "articleBody": plainBody(a),
		"image":     []any{map[string]any{"@type": "ImageObject", "url": firstImage(a), "width": 1200, "height": 800}},
		"publisher": map[string]any{"@type": "Organization", "name": a.Site}}
	if a.Byline != "" {
		ld["author"] = map[string]string{"@type": "Person", "name": a.Byline}
	}
	b.WriteString(jsonLD(ld))
	fmt.Fprintf(&b, `</head>
<body>
<header class="amp-header"><a href="/">%s</a><amp-img src="/logo.png" width="120" height="30" alt="logo"></amp-img></header>
<amp-sidebar id="sidebar" layout="nodisplay"><ul><li><a href="/">%s</a></li></ul></amp-sidebar>
<main>
<article>
<div class="section-label"><a href="/section/%s">%s</a></div>
<h1 class="headline">%s</h1>
<p class="standfirst">%s</p>
<div class="byline-block"><span class="byline">%s</span> <time datetime="%s">%s</time></div>
<amp-social-share type="facebook" width="40" height="40"></amp-social-share>
<div class="article-body">
`, esc(a.Site), esc(c.home), slug(a.Category), esc(a.Category), esc(a.Title), esc(a.Lead), esc(a.Byline), t.Format(time.RFC3339), t.Format("2006-01-02 15:04"))
	b.WriteString(bodyHTML(a, func(f model.Block) string {
		cred := ""
		if f.Credit != "" {
			cred = fmt.Sprintf(` <small>%s</small>`, esc(f.Credit))
		}
		return fmt.Sprintf(`<figure><amp-img src="%s" width="1200" height="800" layout="responsive" alt="%s"></amp-img><figcaption>%s%s</figcaption></figure>`, f.Src, esc(f.Alt), esc(f.Caption), cred)
	}))
	fmt.Fprintf(&b, `</div>
<div class="amp-related"><h2>%s</h2>%s</div>
</article>
</main>
<footer class="amp-footer"><a href="%s">%s</a></footer>
<amp-analytics type="gtag"><script type="application/json">{"vars":{"gtag_id":"G-1"}}</script></amp-analytics>
</body></html>
`, esc(c.related), relatedList(c, a.Site), canon, esc(c.readMore))
	return page{body: []byte(b.String()), pageURL: pageURL, want: expected(a, canon, a.Lang, true, [2]int{1200, 800})}
}

// newspaper: a Spanish-style daily. The body container has an opaque class
// (only <article> marks it), the section is a slug in article:section with
// the human name in the breadcrumb, an inline "more information" aside and a
// newsletter box sit inside the body, and the credit is written into the
// caption as "Foto: …".
func newspaper(a *article) page {
	c := chromes[a.Lang]
	t := localTime(a)
	url := fmt.Sprintf("https://%s/%s/%s/%s.html", a.Site, slug(a.Category), t.Format("2006-01-02"), a.Slug)
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html>
<html lang="%s">
<head>
<meta charset="utf-8">
<title>%s | %s</title>
<meta name="description" content="%s">
<meta property="og:title" content="%s">
<meta property="og:description" content="%s">
<meta property="og:image" content="%s">
<meta property="og:url" content="%s">
<meta property="og:site_name" content="%s">
<meta property="article:section" content="%s">
<meta property="article:published_time" content="%s">
<meta property="article:modified_time" content="%s">
<meta name="author" content="%s">
`, a.Lang, esc(a.Title), esc(a.Site), esc(a.Lead), esc(a.Title), esc(a.Lead), firstImage(a), url, esc(a.Site), slug(a.Category),
		t.Format(time.RFC3339), t.Add(2*time.Hour).Format(time.RFC3339), esc(a.Byline))
	b.WriteString(jsonLD(map[string]any{"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": []any{
		map[string]any{"@type": "ListItem", "position": 1, "name": c.home, "item": "https://" + a.Site + "/"},
		map[string]any{"@type": "ListItem", "position": 2, "name": a.Category, "item": "https://" + a.Site + "/" + slug(a.Category) + "/"}}}))
	fmt.Fprintf(&b, `</head>
<body id="s_b_df">
<div id="didomi-host" class="cookie-banner"><p>%s</p><button>OK</button></div>
<header class="_df"><div class="ep_l"><a href="/">%s</a></div><nav class="sm _df"><a href="/">%s</a> <a href="/%s/">%s</a></nav></header>
<main id="main" class="mw">
<article class="a _g _g-md _g-lg">
<header class="a_e">
<div class="a_k _df"><a class="a_k_n" href="/%s/">%s</a></div>
<h1 class="a_t">%s</h1>
<p class="a_st article-standfirst">%s</p>
<div class="a_md"><div class="a_md_a"><a rel="author" href="/autor/x/">%s</a></div><div class="a_md_f"><a href="%s"><time datetime="%s">%s</time></a></div></div>
</header>
<div class="a_c clearfix" data-dtm-region="articulo_cuerpo">
`, esc(c.cookie), esc(a.Site), esc(c.home), slug(a.Category), esc(a.Category), slug(a.Category), esc(a.Category), esc(a.Title), esc(a.Lead),
		esc(a.Byline), url, t.Format(time.RFC3339), t.Format("02 Jan 2006 - 15:04"))
	body := bodyHTML(a, func(f model.Block) string {
		cred := ""
		if f.Credit != "" {
			cred = fmt.Sprintf(` <span class="a_m_m">%s: %s</span>`, c.photo, esc(f.Credit))
		}
		return fmt.Sprintf(`<figure class="a_m a_m-h"><span class="a_m_w"><img src="%s" alt="%s" loading="lazy"></span><figcaption class="a_m_p"><span>%s</span>%s</figcaption></figure>`, f.Src, esc(f.Alt), esc(f.Caption), cred)
	})
	// An inline "more information" box and a newsletter sign-up after the
	// second block, as this kind of site does.
	parts := strings.SplitAfterN(body, "\n", 3)
	if len(parts) == 3 {
		body = parts[0] + parts[1] + fmt.Sprintf(`<aside class="a_ei"><h3>%s</h3>%s</aside>
<div class="w-nl newsletter-box"><p>%s</p><form><input type="email"><button>OK</button></form></div>
`, esc(c.related), relatedList(c, a.Site), esc(c.newsletter)) + parts[2]
	}
	b.WriteString(body)
	fmt.Fprintf(&b, `</div>
<div class="a_ft"><ul class="a_ft_t"><li><a href="/tag/1">%s</a></li></ul></div>
<div class="a_com comments" id="comments"><a href="#">%s (12)</a></div>
</article>
<section class="b-rel"><h2>%s</h2>%s</section>
</main>
<footer class="_df"><p>&copy; %s</p></footer>
</body></html>
`, esc(a.Category), esc(c.comments), esc(c.sameCat), relatedList(c, a.Site), esc(a.Site))
	return page{body: []byte(b.String()), pageURL: url, want: expected(a, url, a.Lang, true, [2]int{})}
}

// liveBlog: a live page whose headings are the entries, each with its own
// time and share link, a "key events" box above and JSON-LD LiveBlogPosting.
func liveBlog(a *article) page {
	c := chromes[a.Lang]
	t := localTime(a)
	url := fmt.Sprintf("https://%s/live/%s", a.Site, a.Slug)
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html>
<html lang="%s">
<head><meta charset="utf-8"><title>%s</title>
<meta property="og:title" content="%s"><meta property="og:description" content="%s"><meta property="og:image" content="%s">
<link rel="canonical" href="%s">
`, a.Lang, esc(a.Title), esc(a.Title), esc(a.Lead), firstImage(a), url)
	ld := map[string]any{"@context": "https://schema.org", "@type": "LiveBlogPosting", "headline": a.Title, "datePublished": t.Format(time.RFC3339),
		"coverageStartTime": t.Format(time.RFC3339), "articleSection": a.Category}
	if a.Byline != "" {
		var authors []any
		for _, n := range strings.Split(a.Byline, ", ") {
			authors = append(authors, map[string]string{"@type": "Person", "name": n})
		}
		ld["author"] = authors
	}
	b.WriteString(jsonLD(ld))
	fmt.Fprintf(&b, `</head><body>
<div class="topbar"><a href="/">%s</a> | <a href="/%s">%s</a></div>
<div class="page">
<h1>%s</h1>
<div class="standfirst"><p>%s</p></div>
<p class="meta-byline">%s</p>
<div class="key-events"><h3>Key events</h3><ul>`, esc(a.Site), slug(a.Category), esc(a.Category), esc(a.Title), esc(a.Lead), esc(a.Byline))
	for i, bl := range a.Blocks {
		if bl.Type == model.BlockHeading {
			fmt.Fprintf(&b, `<li><a href="#e%d">%s</a></li>`, i, esc(bl.Text))
		}
	}
	b.WriteString(`</ul></div>
<div class="liveblog-body">
`)
	open := false
	entry := 0
	for i, bl := range a.Blocks {
		if bl.Type == model.BlockHeading || !open {
			if open {
				b.WriteString(`<div class="entry-share"><a href="#">Share</a></div></div>` + "\n")
			}
			entry++
			et := t.Add(time.Duration(entry*17) * time.Minute)
			fmt.Fprintf(&b, `<div class="liveblog-entry" id="e%d"><time class="liveblog-time" datetime="%s">%s</time>`+"\n", i, et.Format(time.RFC3339), et.Format("15:04"))
			open = true
		}
		one := &article{Blocks: []model.Block{bl}}
		b.WriteString(bodyHTML(one, func(f model.Block) string {
			return fmt.Sprintf(`<figure><img src="%s" alt="%s"><figcaption>%s <span class="credit">%s</span></figcaption></figure>`, f.Src, esc(f.Alt), esc(f.Caption), esc(f.Credit))
		}))
	}
	fmt.Fprintf(&b, `<div class="entry-share"><a href="#">Share</a></div></div>
</div>
<div class="newsletter"><p>%s</p></div>
<div class="onward"><h2>%s</h2>%s</div>
</div></body></html>
`, esc(c.newsletter), esc(c.related), relatedList(c, a.Site))
	return page{body: []byte(b.String()), pageURL: url, want: expected(a, url, a.Lang, false, [2]int{})}
}

// gallery: a photo-led story: lazy images (a placeholder in src, the real
// URL in data-src) in a gallery grid, "©" credits, the visible date written
// out with its GMT offset, and no machine-readable date but <time>-less text.
func gallery(a *article) page {
	c := chromes[a.Lang]
	t := localTime(a)
	url := fmt.Sprintf("https://%s/photo/%s", a.Site, a.Slug)
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html>
<html lang="%s" dir="%s"><head><meta charset="utf-8">
<title>%s</title>
<meta property="og:url" content="%s">
<meta property="og:description" content="%s">
<meta property="og:image" content="%s">
<meta name="author" content="%s">
</head><body>
<div id="nav-top" class="navbar"><a href="/">%s</a></div>
<div class="wrap">
<ul class="breadcrumb"><li><a href="/">%s</a></li><li><a href="/%s">%s</a></li></ul>
<div class="story">
<h1 class="story-title">%s</h1>
<div class="story-meta"><span class="story-date">%s</span></div>
<div class="story-content">
<p>%s</p>
`, a.Lang, dir(a.Lang), esc(a.Title), url, esc(a.Lead), firstImage(a), esc(a.Byline), esc(c.home), esc(c.home), slug(a.Category), esc(a.Category), esc(a.Title),
		visibleDate(t, a.Lang), esc(a.Lead))
	b.WriteString(bodyHTML(a, func(f model.Block) string {
		cred := ""
		if f.Credit != "" {
			cred = fmt.Sprintf(`<span class="photo-credit">© %s</span>`, esc(f.Credit))
		}
		return fmt.Sprintf(`<div class="gallery"><figure class="gallery-item"><a href="%s" class="lightbox"><img class="lazy" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="%s" alt="%s"></a><figcaption class="gallery-caption">%s %s</figcaption></figure></div>`, f.Src, f.Src, esc(f.Alt), esc(f.Caption), cred)
	}))
	fmt.Fprintf(&b, `</div>
<div class="social-share"><a href="#">%s</a> <a href="#">Facebook</a></div>
</div>
<div class="related-gallery"><h3>%s</h3>%s</div>
</div>
<div class="footer">&copy; %s</div>
</body></html>
`, esc(c.share), esc(c.related), relatedList(c, a.Site), esc(a.Site))
	return page{body: []byte(b.String()), pageURL: url, want: expected(a, url, a.Lang, false, [2]int{})}
}

// visibleDate writes a date the way sites of the language do, with the
// offset so the instant is recoverable.
func visibleDate(t time.Time, lang string) string {
	names := map[string][]string{
		"es": {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
		"ca": {"gener", "febrer", "març", "abril", "maig", "juny", "juliol", "agost", "setembre", "octubre", "novembre", "desembre"},
		"nb": {"januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"},
		"en": {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
		"ar": {"يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"},
	}
	m := int(t.Month()) - 1
	switch lang {
	case "es":
		return fmt.Sprintf("%d de %s de %d, %s (%s)", t.Day(), names[lang][m], t.Year(), t.Format("15:04"), offsetLabel(t))
	case "ca":
		return fmt.Sprintf("%d de %s de %d, %s h (%s)", t.Day(), names[lang][m], t.Year(), t.Format("15.04"), offsetLabel(t))
	case "nb":
		return fmt.Sprintf("Publisert %d. %s %d kl. %s (%s)", t.Day(), names[lang][m], t.Year(), t.Format("15:04"), offsetLabel(t))
	case "en":
		return fmt.Sprintf("%s %d, %d %s %s", names[lang][m], t.Day(), t.Year(), t.Format("3:04"), offsetLabel(t))
	case "ar":
		return arabicDigits(fmt.Sprintf("%d %s %d - %s (%s)", t.Day(), names[lang][m], t.Year(), t.Format("15:04"), offsetLabel(t)))
	case "vi":
		return fmt.Sprintf("Thứ %d, ngày %d tháng %d năm %d, %s (%s)", int(t.Weekday())+1, t.Day(), int(t.Month()), t.Year(), t.Format("15:04"), offsetLabel(t))
	}
	return t.Format("02/01/2006 15:04 ") + offsetLabel(t)
}

func arabicDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return '٠' + (r - '0')
		}
		return r
	}, s)
}

// legacy: an old table layout in the legacy charset of the language, no
// structure hints at all (readability has to find the body), paragraphs
// split by <br><br>, <font> tags, a caption in a "pie" cell.
func legacy(a *article) page {
	c := chromes[a.Lang]
	t := localTime(a)
	pageURL := fmt.Sprintf("https://%s/noticia.php?id=%d", a.Site, 4000+len(a.Slug)*13)
	var b strings.Builder
	fmt.Fprintf(&b, `<HTML lang="%s" dir="%s">
<HEAD>
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=@CHARSET@">
<TITLE>%s</TITLE>
</HEAD>
<BODY BGCOLOR="#FFFFFF">
<TABLE WIDTH="980" BORDER="0"><TR><TD COLSPAN="2"><IMG SRC="/img/cabecera.gif" ALT="%s"></TD></TR>
<TR><TD WIDTH="160" VALIGN="top" CLASS="izq"><A HREF="/">%s</A><BR><A HREF="/s/1">%s</A><BR><A HREF="/s/2">%s</A></TD>
<TD VALIGN="top">
<DIV CLASS="breadcrumb"><A HREF="/">%s</A> &gt; <A HREF="/s/1">%s</A></DIV>
<FONT SIZE="5" FACE="Arial"><B>%s</B></FONT><BR>
<DIV CLASS="entradilla"><I>%s</I></DIV>
<SPAN CLASS="autor">%s</SPAN> - <SPAN CLASS="fecha">%s</SPAN><BR><BR>
<DIV CLASS="txt"><FONT FACE="Georgia" SIZE="3">
`, a.Lang, dir(a.Lang), esc(a.Title), esc(a.Site), esc(c.home), esc(a.Category), esc(c.readMore), esc(c.home), esc(a.Category),
		esc(a.Title), esc(a.Lead), esc(a.Byline), legacyDate(t, a.Lang))
	inPara := false
	for _, bl := range a.Blocks {
		inner := bl.HTML
		if inner == "" {
			inner = esc(bl.Text)
		}
		switch bl.Type {
		case model.BlockParagraph:
			if inPara {
				b.WriteString("<BR><BR>\n")
			}
			b.WriteString(inner)
			inPara = true
			continue
		case model.BlockFigure:
			cred := ""
			if bl.Credit != "" {
				cred = fmt.Sprintf(" (%s: %s)", c.photo, esc(bl.Credit))
			}
			fmt.Fprintf(&b, "\n<TABLE ALIGN=\"center\"><TR><TD><IMG SRC=\"%s\" ALT=\"%s\"></TD></TR><TR><TD CLASS=\"pie\">%s%s</TD></TR></TABLE>\n", bl.Src, esc(bl.Alt), esc(bl.Caption), cred)
		case model.BlockHeading:
			fmt.Fprintf(&b, "\n<H%d>%s</H%d>\n", bl.Level, inner, bl.Level)
		case model.BlockQuote:
			fmt.Fprintf(&b, "\n<BLOCKQUOTE>%s</BLOCKQUOTE>\n", inner)
		case model.BlockListItem:
			tag := "UL"
			if bl.Ordered {
				tag = "OL"
			}
			fmt.Fprintf(&b, "\n<%s><LI>%s</%s>\n", tag, inner, tag)
		}
		inPara = false
	}
	fmt.Fprintf(&b, `
</FONT></DIV>
<BR><TABLE WIDTH="100%%"><TR><TD CLASS="rel"><B>%s</B><BR><A HREF="/n/1">%s</A><BR><A HREF="/n/2">%s</A><BR><A HREF="/n/3">%s</A></TD></TR></TABLE>
<P><A HREF="javascript:window.print()">%s</A> | <A HREF="/enviar.php">E-mail</A></P>
</TD></TR>
<TR><TD COLSPAN="2" ALIGN="center"><FONT SIZE="1">&copy; %s - Todos los derechos reservados</FONT></TD></TR>
</TABLE>
</BODY></HTML>
`, esc(c.related), esc(c.related1), esc(c.related2), esc(c.related3), "Imprimir", esc(a.Site))
	html := b.String()
	body, cs := encode(strings.Replace(html, "@CHARSET@", charsetFor(a.Lang), 1), a.Lang)
	if cs == "utf-8" {
		// The text has characters the legacy charset lacks (Arabic-Indic
		// digits are not in windows-1256): such a site serves UTF-8.
		body = []byte(strings.Replace(html, "@CHARSET@", "utf-8", 1))
	}
	return page{body: body, pageURL: pageURL, want: expected(a, pageURL, a.Lang, false, [2]int{})}
}

func charsetFor(lang string) string {
	if lang == "ar" {
		return "windows-1256"
	}
	if lang == "vi" {
		return "utf-8"
	}
	return "windows-1252"
}

func legacyDate(t time.Time, lang string) string {
	// Western digits: windows-1256 has no Arabic-Indic ones.
	return t.Format("02/01/2006 15:04") + " (" + offsetLabel(t) + ")"
}

// noHints: a Bootstrap site with generic classes only; the body is found by
// readability. JSON-LD gives the dates and the author but no body.
func noHints(a *article) page {
	c := chromes[a.Lang]
	t := localTime(a)
	url := fmt.Sprintf("https://%s/%s-%d", a.Site, a.Slug, 7000+len(a.Slug))
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html>
<html lang="%s" dir="%s"><head><meta charset="utf-8"><title>%s - %s</title>
<meta property="og:site_name" content="%s">
<meta property="og:description" content="%s">
<meta property="og:title" content="%s">
<link rel="canonical" href="%s">
`, a.Lang, dir(a.Lang), esc(a.Title), esc(a.Site), esc(a.Site), esc(a.Lead), esc(a.Title), url)
	ld := map[string]any{"@context": "http://schema.org", "@type": "NewsArticle", "headline": a.Title, "datePublished": t.Format("2006-01-02T15:04:05-07:00"),
		"articleSection": a.Category}
	if a.Byline != "" {
		ld["author"] = map[string]string{"@type": "Person", "name": a.Byline}
	}
	b.WriteString(jsonLD(ld))
	fmt.Fprintf(&b, `</head><body>
<div class="container-fluid"><div class="row"><div class="col-12 top"><a class="brand" href="/">%s</a></div></div></div>
<div class="container"><div class="row">
<div class="col-md-8">
<h1 class="h2 mb-3">%s</h1>
<div class="small text-muted">%s</div>
<div class="mt-3">
<p>%s</p>
`, esc(a.Site), esc(a.Title), esc(a.Byline), esc(a.Lead))
	b.WriteString(bodyHTML(a, func(f model.Block) string {
		cred := ""
		if f.Credit != "" {
			cred = fmt.Sprintf(` <cite>%s</cite>`, esc(f.Credit))
		}
		return fmt.Sprintf(`<figure class="figure"><img src="%s" class="figure-img img-fluid" alt="%s"><figcaption class="figure-caption">%s%s</figcaption></figure>`, f.Src, esc(f.Alt), esc(f.Caption), cred)
	}))
	fmt.Fprintf(&b, `</div>
<div class="mt-4"><h4>%s</h4>%s</div>
<div class="fb-comments" data-href="%s"></div>
</div>
<div class="col-md-4"><div class="card"><div class="card-body"><h5>%s</h5>%s</div></div></div>
</div></div>
<div class="container"><p class="text-center small">&copy; %s</p></div>
</body></html>
`, esc(c.related), relatedList(c, a.Site), url, esc(c.readMore), relatedList(c, a.Site), esc(a.Site))
	return page{body: []byte(b.String()), pageURL: url, want: expected(a, url, a.Lang, false, [2]int{})}
}

// arabicSite: a right-to-left Arabic news site; the date is only visible
// text in Arabic-Indic digits, the credit is written "تصوير: …" in the
// caption, the author line starts with "بقلم".
func arabicSite(a *article) page {
	c := chromes[a.Lang]
	t := localTime(a)
	url := fmt.Sprintf("https://%s/news/%d", a.Site, 100000+len(a.Title))
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>%s</title>
<meta property="og:title" content="%s"><meta property="og:url" content="%s"><meta property="og:image" content="%s">
</head><body>
<header class="site-header"><div class="logo">%s</div><ul class="main-menu"><li><a href="/">%s</a></li></ul></header>
<div class="page-wrap">
<ol class="breadcrumb"><li><a href="/">%s</a></li><li><a href="/c/economy">%s</a></li><li class="active">%s</li></ol>
<div class="news-header"><h1>%s</h1>
%s<span class="date">%s</span></div>
<div class="sapo">%s</div>
<div class="share-bar"><a href="#">%s</a> <a href="#">واتساب</a></div>
<div class="article-text">
`, esc(a.Title), esc(a.Title), url, firstImage(a), esc(a.Site), esc(c.home), esc(c.home), esc(a.Category), esc(a.Title), esc(a.Title), writer(a.Byline),
		visibleDate(t, "ar"), esc(a.Lead), esc(c.share))
	b.WriteString(bodyHTML(a, func(f model.Block) string {
		cred := ""
		if f.Credit != "" {
			cred = " — تصوير: " + esc(f.Credit)
		}
		return fmt.Sprintf(`<figure><img src="%s" alt="%s"><figcaption>%s%s</figcaption></figure>`, f.Src, esc(f.Alt), esc(f.Caption), cred)
	}))
	fmt.Fprintf(&b, `<p>%s (0)</p>
</div>
<div class="tags-box"><a href="#">%s</a></div>
<div class="related-news"><h3>%s</h3>%s</div>
</div>
<footer class="site-footer">&copy; %s</footer>
</body></html>
`, esc(c.comments), esc(a.Category), esc(c.related), relatedList(c, a.Site), esc(a.Site))
	return page{body: []byte(b.String()), pageURL: url, want: expected(a, url, a.Lang, false, [2]int{})}
}

// mislabel: a Vietnamese article on a template that says lang="en" and whose
// declared charset (iso-8859-1) is wrong: the bytes are UTF-8.
func mislabel(a *article) page {
	c := chromes[a.Lang]
	t := localTime(a)
	url := fmt.Sprintf("https://%s/news/%s.htm", a.Site, a.Slug)
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html>
<html lang="en-US"><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><title>%s</title>
<meta property="og:title" content="%s"><meta property="og:description" content="%s"><meta property="og:image" content="%s">
<meta property="article:published_time" content="%s"><meta property="article:section" content="%s">
</head><body>
<div id="header"><a href="/">%s</a></div>
<div id="content"><div class="news-detail">
<h1>%s</h1>
<p class="author-name">%s</p>
<div class="news-content">
<p><strong>%s</strong></p>
`, esc(a.Title), esc(a.Title), esc(a.Lead), firstImage(a), t.UTC().Format("2006-01-02T15:04:05Z"), esc(a.Category), esc(a.Site), esc(a.Title), esc(a.Byline), esc(a.Lead))
	b.WriteString(bodyHTML(a, func(f model.Block) string {
		return fmt.Sprintf(`<table class="tplCaption"><tr><td><img src="%s" alt="%s"></td></tr><tr><td class="caption"><p>%s</p><p class="photo-author">%s</p></td></tr></table>`, f.Src, esc(f.Alt), esc(f.Caption), esc(f.Credit))
	}))
	fmt.Fprintf(&b, `</div>
<div class="box-comment"><h3>%s</h3></div>
<div class="box-related"><h3>%s</h3>%s</div>
</div></div>
</body></html>
`, esc(c.comments), esc(c.related), relatedList(c, a.Site))
	return page{body: []byte(b.String()), pageURL: url, want: expected(a, url, "vi", false, [2]int{})}
}

func writer(byline string) string {
	if byline == "" {
		return ""
	}
	return `<span class="writer">بقلم: ` + esc(byline) + `</span> `
}

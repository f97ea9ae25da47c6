package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"newsbridge/model"
)

// The unseen layouts were written last, after every other extractor rule;
// their first-run scores are recorded in docs/benchmarks.md beside the
// current ones.
var unseenLayouts = map[string]func(a *article) page{
	"nextjs":  nextJS,
	"blogger": blogger,
}

var unseenNames = []string{"nextjs", "blogger"}

// nextJS: a React server-rendered news site: hashed CSS-module classes with
// no meaning, data-testid attributes, the page state in __NEXT_DATA__, the
// credit as a bare <span> after the caption, "More stories" and a newsletter
// block between paragraphs.
func nextJS(a *article) page {
	c := chromes[a.Lang]
	t := localTime(a)
	url := fmt.Sprintf("https://%s/%s/%s", a.Site, slug(a.Category), a.Slug)
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html lang="%s"><head><meta charSet="utf-8"/><meta name="viewport" content="width=device-width"/><title>%s | %s</title><meta name="description" content="%s"/><meta property="og:title" content="%s"/><meta property="og:description" content="%s"/><meta property="og:image" content="%s"/><meta property="og:url" content="%s"/><meta property="article:published_time" content="%s"/><link rel="canonical" href="%s"/><link rel="preload" href="/_next/static/media/font.woff2" as="font" crossorigin=""/><link rel="stylesheet" href="/_next/static/css/4f1c1e2a.css" data-n-g=""/>`,
		a.Lang, esc(a.Title), esc(a.Site), esc(a.Lead), esc(a.Title), esc(a.Lead), firstImage(a), url, t.UTC().Format(time.RFC3339), url)
	ld := map[string]any{"@context": "https://schema.org", "@type": "NewsArticle", "headline": a.Title, "datePublished": t.UTC().Format(time.RFC3339), "url": url}
	if a.Byline != "" {
		ld["author"] = []any{map[string]string{"@type": "Person", "name": a.Byline}}
	}
	b.WriteString(jsonLD(ld))
	fmt.Fprintf(&b, `</head><body><div id="__next"><div class="layout_root__Qm8x1"><header class="header_header__2Lk9v"><a class="header_logo__1xZ3f" href="/">%s</a><button aria-label="Menu" class="header_menu__3rT0p"></button></header><main class="layout_main__a8Tq2"><nav aria-label="Breadcrumb" class="crumbs_nav__h2Qw1"><ol><li><a href="/">%s</a></li><li><a href="/%s">%s</a></li></ol></nav><article class="story_story__Zx81k"><h1 class="headline_h1__9uR2a">%s</h1><p class="dek_dek__P3wq0">%s</p><div data-testid="byline" class="byline_wrap__k2Lw9">`,
		esc(a.Site), esc(c.home), slug(a.Category), esc(a.Category), esc(a.Title), esc(a.Lead))
	if a.Byline != "" {
		fmt.Fprintf(&b, `<span class="byline_by__2Pq0s">By </span><a href="/by/x" class="byline_name__Vb31c">%s</a>`, esc(a.Byline))
	}
	fmt.Fprintf(&b, `<time dateTime="%s" class="byline_time__m1N3x">%s</time></div><div class="story_body__7Yh1Q">`, t.UTC().Format(time.RFC3339), t.Format("Jan. 2, 2006"))
	for i, bl := range a.Blocks {
		inner := bl.HTML
		if inner == "" {
			inner = esc(bl.Text)
		}
		switch bl.Type {
		case model.BlockParagraph:
			fmt.Fprintf(&b, `<p class="paragraph_p__3kdE1">%s</p>`, inner)
		case model.BlockHeading:
			fmt.Fprintf(&b, `<h%d class="subhead_h__Wq82m">%s</h%d>`, bl.Level, inner, bl.Level)
		case model.BlockQuote:
			fmt.Fprintf(&b, `<blockquote class="pull_quote__t1Hn8"><p>%s</p></blockquote>`, inner)
		case model.BlockListItem:
			tag := "ul"
			if bl.Ordered {
				tag = "ol"
			}
			fmt.Fprintf(&b, `<%s class="list_l__0pQ2x"><li>%s</li></%s>`, tag, inner, tag)
		case model.BlockFigure:
			fmt.Fprintf(&b, `<figure class="media_fig__R4n2p"><div class="media_ratio__k9W1v"><span style="box-sizing:border-box;display:block"><img alt="%s" sizes="100vw" srcset="%s?w=640 640w, %s?w=1080 1080w" src="%s?w=1080" decoding="async" class="media_img__Hh3s0"/></span></div><figcaption class="media_cap__c0Lp2"><span>%s</span> <span class="media_src__x2Qz7">%s</span></figcaption></figure>`,
				esc(bl.Alt), bl.Src, bl.Src, bl.Src, esc(bl.Caption), esc(bl.Credit))
		}
		if i == 2 {
			fmt.Fprintf(&b, `<div data-testid="newsletter-inline" class="nl_box__y7Gg3"><p class="nl_title__q0Re2">%s</p><input type="email" placeholder="you@example.com"/></div>`, esc(c.newsletter))
		}
	}
	fmt.Fprintf(&b, `</div></article><section aria-label="More stories" class="more_more__6Tz2b"><h2>%s</h2><ul><li><a href="/a/1">%s</a></li><li><a href="/a/2">%s</a></li></ul></section></main><footer class="footer_footer__Lp02q">&copy; %s</footer></div></div>`,
		esc(c.related), esc(c.related1), esc(c.related2), esc(a.Site))
	state, _ := json.Marshal(map[string]any{"props": map[string]any{"pageProps": map[string]any{"story": map[string]any{"id": a.Slug, "title": a.Title}}}, "page": "/[section]/[slug]"})
	fmt.Fprintf(&b, `<script id="__NEXT_DATA__" type="application/json">%s</script></body></html>`, state)
	// The src carries a resize query; the expected figure keeps it.
	want := expected(a, url, a.Lang, false, [2]int{})
	for i := range want.Blocks {
		if want.Blocks[i].Type == model.BlockFigure {
			want.Blocks[i].Src += "?w=1080"
		}
	}
	want.Image = firstImage(a)
	return page{body: []byte(b.String()), pageURL: url, want: want}
}

// blogger: a Blogspot blog: the post body as <div>s and <br>s, images in
// "separator" divs and tr-caption tables, a date header without time, the
// author in the post footer, labels, and comments.
func blogger(a *article) page {
	c := chromes[a.Lang]
	t := localTime(a)
	url := fmt.Sprintf("https://%s/%s/%s.html", a.Site, t.Format("2006/01"), a.Slug)
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html>
<html class='v2' dir='%s' lang='%s' xmlns='http://www.w3.org/1999/xhtml' xmlns:b='http://www.google.com/2005/gml/b'>
<head>
<meta content='text/html; charset=UTF-8' http-equiv='Content-Type'/>
<link href='%s' rel='canonical'/>
<meta content='%s' property='og:url'/>
<meta content='%s' property='og:title'/>
<meta content='%s' property='og:description'/>
<meta content='%s' property='og:image'/>
<title>%s: %s</title>
</head>
<body class='loading variant-simplysimple'>
<div class='content'><div class='content-outer'>
<header><div class='header-outer'><div class='Header widget' id='Header1'><h1 class='title'><a href='/'>%s</a></h1></div></div></header>
<div class='main-outer'><div class='main-inner columns-2'>
<div class='column-center-outer'><div class='main section' id='main'><div class='widget Blog' id='Blog1'>
<div class='blog-posts hfeed'>
<div class="date-outer"><h2 class='date-header'><span>%s</span></h2>
<div class="date-posts"><div class='post-outer'>
<div class='post hentry uncustomized-post-template' itemprop='blogPost' itemscope='itemscope' itemtype='http://schema.org/BlogPosting'>
<meta content='%s' itemprop='image_url'/>
<a name='8123'></a>
<h3 class='post-title entry-title' itemprop='name'>%s</h3>
<div class='post-header'><div class='post-header-line-1'></div></div>
<div class='post-body entry-content' id='post-body-8123' itemprop='description articleBody'>
<div><b>%s</b></div><div><br /></div>
`, dir(a.Lang), a.Lang, url, url, esc(a.Title), esc(a.Lead), firstImage(a), esc(a.Site), esc(a.Title), esc(a.Site), bloggerDate(t, a.Lang), firstImage(a), esc(a.Title), esc(a.Lead))
	for _, bl := range a.Blocks {
		inner := bl.HTML
		if inner == "" {
			inner = esc(bl.Text)
		}
		switch bl.Type {
		case model.BlockParagraph:
			fmt.Fprintf(&b, "<div>%s</div><div><br /></div>\n", inner)
		case model.BlockHeading:
			fmt.Fprintf(&b, "<h%d>%s</h%d>\n", bl.Level, inner, bl.Level)
		case model.BlockQuote:
			fmt.Fprintf(&b, "<blockquote>%s</blockquote>\n", inner)
		case model.BlockListItem:
			tag := "ul"
			if bl.Ordered {
				tag = "ol"
			}
			fmt.Fprintf(&b, "<%s><li>%s</li></%s>\n", tag, inner, tag)
		case model.BlockFigure:
			cred := ""
			if bl.Credit != "" {
				cred = " (" + c.photo + ": " + esc(bl.Credit) + ")"
			}
			fmt.Fprintf(&b, `<table align="center" cellpadding="0" cellspacing="0" class="tr-caption-container" style="margin-left: auto; margin-right: auto;"><tbody><tr><td style="text-align: center;"><a href="%s" style="margin-left: auto; margin-right: auto;"><img border="0" data-original-height="1200" data-original-width="1800" height="427" src="%s" width="640" alt="%s" /></a></td></tr><tr><td class="tr-caption" style="text-align: center;">%s%s</td></tr></tbody></table>`+"\n",
				bl.Src, bl.Src, esc(bl.Alt), esc(bl.Caption), cred)
		}
	}
	fmt.Fprintf(&b, `<div style='clear: both;'></div>
</div>
<div class='post-footer'><div class='post-footer-line post-footer-line-1'>
`)
	if a.Byline != "" {
		fmt.Fprintf(&b, `<span class='post-author vcard'>Posted by <span class='fn' itemprop='author' itemscope='itemscope' itemtype='http://schema.org/Person'><span itemprop='name'>%s</span></span></span>
`, esc(a.Byline))
	}
	fmt.Fprintf(&b, `<span class='post-timestamp'>at <a class='timestamp-link' href='%s' rel='bookmark' title='permanent link'><abbr class='published' itemprop='datePublished' title='%s'>%s</abbr></a></span>
<span class='post-comment-link'><a class='comment-link' href='%s#comment-form'>2 %s</a></span>
<div class='post-share-buttons goog-inline-block'><a class='goog-inline-block share-button sb-email' href='#' title='Email This'><span class='share-button-link-text'>Email This</span></a></div>
</div><div class='post-footer-line post-footer-line-2'><span class='post-labels'>Labels: <a href='/search/label/%s' rel='tag'>%s</a></span></div></div>
</div>
<div class='comments' id='comments'><h4>2 %s:</h4><div class='comments-content'><div class='comment-thread'><ol><li class='comment'><div class='comment-block'><div class='comment-header'><cite class='user'>Anonymous</cite></div><p class='comment-content'>Great post, thanks for sharing all of this with us, it was very interesting to read from start to end.</p></div></li></ol></div></div></div>
</div></div></div>
</div></div></div></div>
<div class='column-right-outer'><div class='sidebar section' id='sidebar-right-1'><div class='widget PopularPosts' id='PopularPosts1'><h2>%s</h2><div class='widget-content popular-posts'>%s</div></div></div></div>
</div></div>
<footer><div class='footer-outer'>Powered by Blogger.</div></footer>
</div></div>
</body></html>
`, url, t.Format(time.RFC3339), t.Format("3:04 PM"), url, esc(c.comments), esc(a.Category), esc(a.Category), esc(c.comments), esc(c.readMore), relatedList(c, a.Site))
	want := expected(a, url, a.Lang, false, [2]int{640, 427})
	return page{body: []byte(b.String()), pageURL: url, want: want}
}

func bloggerDate(t time.Time, lang string) string {
	if lang == "en" {
		return t.Format("Monday, January 2, 2006")
	}
	return t.Format("02/01/2006")
}

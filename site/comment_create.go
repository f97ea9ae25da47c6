package site

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"

	"newsbridge/model"
)

// Comment limits.
const (
	maxCommentRunes = 5000
	maxNameRunes    = 100
	maxCommentForm  = 64 << 10 // bytes of form body read at most
	honeypotField   = "website"
)

// commentCreate stores a reader's comment as pending: POST
// /{lang}/a/{slug}/comments. Nothing appears before a moderator approves
// it; the reader is redirected (303, post/redirect/get) to the article with
// a "your comment awaits moderation" notice.
func (s *Site) commentCreate(w http.ResponseWriter, r *http.Request) {
	l := s.lang(w, r)
	if l == nil {
		return
	}
	st, err := s.cfg.Backend.Story(r.Context(), l.Tag, r.PathValue("slug"))
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if st == nil {
		s.notFound(w, r)
		return
	}
	back := s.articlePath(l, st.Slug)
	done := back + "?comment=pending#comment-status"

	r.Body = http.MaxBytesReader(w, r.Body, maxCommentForm)
	if err := r.ParseForm(); err != nil {
		status := http.StatusBadRequest
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			status = http.StatusRequestEntityTooLarge
		}
		s.commentMessage(w, r, status, l, l.T.CommentLong, back)
		return
	}
	if r.PostForm.Get(honeypotField) != "" {
		// A bot filled the field no person sees. Answer as if accepted so it
		// learns nothing, and store nothing.
		s.log.Info("site: comment dropped by honeypot", "article", st.ArticleID)
		s.seeOther(w, r, done)
		return
	}
	ip := s.clientIP(r)
	if !s.limiter.allow(ip, s.now()) {
		w.Header().Set("Retry-After", "60")
		s.commentMessage(w, r, http.StatusTooManyRequests, l, l.T.TooMany, back)
		return
	}
	name := cleanText(r.PostForm.Get("name"))
	body := cleanText(r.PostForm.Get("body"))
	if name == "" || body == "" {
		s.commentMessage(w, r, http.StatusBadRequest, l, l.T.CommentBad, back)
		return
	}
	if utf8.RuneCountInString(body) > maxCommentRunes || utf8.RuneCountInString(name) > maxNameRunes {
		s.commentMessage(w, r, http.StatusRequestEntityTooLarge, l, l.T.CommentLong, back)
		return
	}
	c := &model.Comment{
		ArticleID: st.ArticleID, Lang: l.Tag, Author: name, Body: body,
		Status: model.CommentPending, IPHash: s.ipHash(ip), CreatedAt: s.now().UTC(),
	}
	if err := s.cfg.Backend.AddComment(r.Context(), c); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.seeOther(w, r, done)
}

func (s *Site) seeOther(w http.ResponseWriter, r *http.Request, to string) {
	setSecurityHeaders(w.Header())
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, to, http.StatusSeeOther)
}

func (s *Site) commentMessage(w http.ResponseWriter, r *http.Request, status int, l *langInfo, text, back string) {
	p := s.newPage(l, l.T.Comments+" — "+s.cfg.SiteName, &messageView{Heading: l.T.Comments, Text: text,
		BackURL: back, BackText: l.T.BackToArticle})
	p.Robots = "noindex"
	s.render(w, r, status, "message", p, true)
}

// clientIP is the address the rate limit counts. An IPv6 client counts by
// its /64, since one host commonly holds a whole /64.
func (s *Site) clientIP(r *http.Request) string {
	addr := ""
	if s.cfg.ClientIP != nil {
		addr = s.cfg.ClientIP(r)
	}
	if addr == "" {
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			host = r.RemoteAddr
		}
		addr = host
	}
	if ip := net.ParseIP(addr); ip != nil && ip.To4() == nil {
		return ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
	}
	return addr
}

// ipHash lets a moderator see that comments came from one address without
// the site storing the address.
func (s *Site) ipHash(ip string) string {
	sum := sha256.Sum256([]byte(s.ipSalt + ip))
	return hex.EncodeToString(sum[:8])
}

// cleanText makes a form value plain text: valid UTF-8, \n line ends, no
// control characters but tab and newline, no bidi embeddings, overrides or
// isolates (they can make a comment appear to say something else; LRM/RLM
// and ZWJ/ZWNJ stay, real text needs them), at most two blank lines in a
// row, trimmed.
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	var b strings.Builder
	newlines := 0
	for _, c := range s {
		if c == '\n' {
			newlines++
			if newlines > 2 {
				continue
			}
			b.WriteRune(c)
			continue
		}
		if c != '\t' && (unicode.IsControl(c) || isBidiOverride(c)) {
			continue
		}
		newlines = 0
		b.WriteRune(c)
	}
	return strings.TrimSpace(b.String())
}

func isBidiOverride(c rune) bool {
	return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)
}

package site

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"
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
	ipHash := s.ipHash(ip)
	recent, pending, err := s.cfg.Backend.CommentStats(r.Context(), ipHash, s.now().Add(-time.Minute))
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if recent >= s.commentLimit {
		w.Header().Set("Retry-After", "60")
		s.commentMessage(w, r, http.StatusTooManyRequests, l, l.T.TooMany, back)
		return
	}
	if pending >= s.maxPending {
		s.log.Warn("site: comment refused: the moderation queue is full", "pending", pending, "max", s.maxPending)
		w.Header().Set("Retry-After", "3600")
		s.commentMessage(w, r, http.StatusServiceUnavailable, l, l.T.QueueFull, back)
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
		Status: model.CommentPending, IPHash: ipHash, CreatedAt: s.now().UTC(),
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

// crossOriginDenied answers a state-changing request sent from another
// site (a form on a hostile page posting in the reader's name).
func (s *Site) crossOriginDenied(w http.ResponseWriter, r *http.Request) {
	l := s.langFromPath(r.URL.Path)
	s.message(w, r, http.StatusForbidden, l, l.T.Error, l.T.CrossOrigin, false)
}

// clientIP is the address the rate limit counts. An IPv6 client counts by
// its /64, since one host commonly holds a whole /64.
func (s *Site) clientIP(r *http.Request) string {
	addr := clientAddr(r, s.cfg.TrustedProxies)
	if !addr.IsValid() {
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			host = r.RemoteAddr
		}
		return host
	}
	if addr.Is6() {
		p, _ := addr.Prefix(64)
		return p.Addr().String() + "/64"
	}
	return addr.String()
}

// clientAddr is the client's address: the direct peer's, unless the peer
// is a trusted proxy. Then X-Forwarded-For is read from the right (each
// proxy appends the address it received from), skipping trusted proxies;
// the first untrusted address is the client, since anything left of it may
// be forged by the client. X-Real-IP is used when there is no
// X-Forwarded-For. The zero Addr means the peer address is unreadable.
func clientAddr(r *http.Request, trusted []netip.Prefix) netip.Addr {
	peer, err := netip.ParseAddrPort(r.RemoteAddr)
	var addr netip.Addr
	if err == nil {
		addr = peer.Addr().Unmap()
	} else if a, err := netip.ParseAddr(r.RemoteAddr); err == nil {
		addr = a.Unmap()
	} else {
		return netip.Addr{}
	}
	if !isTrusted(addr, trusted) {
		return addr
	}
	xff := r.Header.Values("X-Forwarded-For")
	if len(xff) == 0 {
		if real, err := netip.ParseAddr(strings.TrimSpace(r.Header.Get("X-Real-IP"))); err == nil {
			return real.Unmap()
		}
		return addr
	}
	hops := strings.Split(strings.Join(xff, ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			// A malformed hop was written by someone untrusted: the
			// client is the last address we could trust to have seen it.
			return addr
		}
		addr = hop.Unmap()
		if !isTrusted(addr, trusted) {
			return addr
		}
	}
	return addr
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
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

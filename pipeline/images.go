package pipeline

import (
	"context"
	"net/url"
	"strings"

	"github.com/riverqueue/river"

	"newsbridge/ingest/fetch"
	"newsbridge/media"
	"newsbridge/model"
	"newsbridge/store"
)

// ImageArgs processes one picture of an article: fetch it through the
// fetch guard, check and re-encode it (package media), store the files.
// The article is published without waiting: its pages are rendered again
// when the picture is ready.
type ImageArgs struct {
	ArticleID int64  `json:"article_id"`
	URL       string `json:"url"`
}

// Kind implements river.JobArgs.
func (ImageArgs) Kind() string { return "process_image" }

// maxImages bounds the pictures processed per article.
const maxImages = 20

// ImageURLs lists the pictures of an article newsbridge serves itself:
// its main image, then each figure's, http(s) only, each once.
func ImageURLs(a *model.Article) []string {
	var out []string
	seen := map[string]bool{}
	add := func(raw string) {
		raw = strings.TrimSpace(raw)
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || seen[raw] || len(out) >= maxImages {
			return
		}
		seen[raw] = true
		out = append(out, raw)
	}
	add(a.Image)
	for _, b := range a.Blocks {
		if b.Type == model.BlockFigure {
			add(b.Src)
		}
	}
	return out
}

// queueImages records the article's pictures and queues a job for each.
func (p *Pipeline) queueImages(ctx context.Context, a *model.Article) error {
	urls := ImageURLs(a)
	if len(urls) == 0 {
		return nil
	}
	if err := p.Store.AddArticleImages(ctx, a.ID, urls); err != nil {
		return err
	}
	for _, u := range urls {
		if err := p.Queue.Insert(ctx, ImageArgs{ArticleID: a.ID, URL: u}, UniquePending()); err != nil {
			return err
		}
	}
	return nil
}

func (p *Pipeline) image(ctx context.Context, job *river.Job[ImageArgs]) error {
	id, u := job.Args.ArticleID, job.Args.URL
	cur, err := p.Store.ArticleImage(ctx, id, u)
	if err != nil {
		return jobErr(err)
	}
	if cur.Status == model.ImageReady {
		return nil
	}
	// The same picture in another article: processed once.
	if im, ok, err := p.Store.ReadyImage(ctx, u); err != nil {
		return err
	} else if ok {
		return p.Store.SaveImage(ctx, id, u, *im, nil)
	}
	resp, err := p.Fetcher.Get(ctx, fetch.Request{URL: u})
	if err != nil {
		return p.imageFailed(ctx, job, err)
	}
	res, err := media.Process(resp.Body, p.Media)
	if err != nil {
		return p.imageFailed(ctx, job, err)
	}
	im := model.Image{Hash: res.Hash, Ext: res.Ext}
	files := make([]store.MediaFile, len(res.Variants))
	for i, v := range res.Variants {
		files[i] = store.MediaFile{Name: media.Name(res.Hash, v.Width, res.Ext), ContentType: res.ContentType, Data: v.Data}
		im.Widths = append(im.Widths, v.Width)
		im.Width, im.Height = v.Width, v.Height
	}
	if err := p.Store.SaveImage(ctx, id, u, im, files); err != nil {
		return err
	}
	p.Log.Info("image ready", "article", id, "url", u, "format", res.Format, "size", len(resp.Body), "widths", im.Widths, "jpeg", media.JPEGCodec())
	return nil
}

// imageFailed records why a picture is not shown, on the article's
// picture and in the log; the article itself goes on without it. A
// passing problem is retried, and recorded as final on the last attempt;
// a refusal (not a picture, too large, a forbidden address) ends the job.
func (p *Pipeline) imageFailed(ctx context.Context, job *river.Job[ImageArgs], err error) error {
	final := permanent(err) || job.Attempt >= job.MaxAttempts
	msg := err.Error()
	p.Log.Warn("image not processed", "article", job.Args.ArticleID, "url", job.Args.URL, "error", msg, "final", final)
	if serr := p.Store.SetImageError(ctx, job.Args.ArticleID, job.Args.URL, msg, final); serr != nil {
		return serr
	}
	if permanent(err) {
		// A refused picture is an outcome, recorded on the article where
		// the operator reads it: the job is done, not failed.
		return nil
	}
	return err
}

package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"newsbridge/model"
)

// MediaFile is one processed image file, stored by name.
type MediaFile struct {
	Name        string // HASH-WIDTH.EXT
	ContentType string
	Data        []byte
}

// AddArticleImages records the pictures an article names, each pending
// until processed; a picture already recorded keeps its state.
func (s *Store) AddArticleImages(ctx context.Context, articleID int64, urls []string) error {
	now := ms(s.Now())
	for _, u := range urls {
		if _, err := s.exec(ctx, s.DB, `INSERT INTO article_images (article_id, url, status, updated_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (article_id, url) DO NOTHING`, articleID, u, model.ImagePending, now); err != nil {
			return fmt.Errorf("store: unable to record the images of article %d: %w", articleID, err)
		}
	}
	return nil
}

const imageCols = `article_id, url, status, error, hash, ext, width, height, widths, updated_at`

func scanImage(sc interface{ Scan(...any) error }) (*model.ArticleImage, error) {
	var im model.ArticleImage
	var widths string
	var upd int64
	if err := sc.Scan(&im.ArticleID, &im.URL, &im.Status, &im.Error, &im.Image.Hash, &im.Image.Ext,
		&im.Image.Width, &im.Image.Height, &widths, &upd); err != nil {
		return nil, translateErr(err)
	}
	im.Image.Widths = parseWidths(widths)
	im.UpdatedAt = fromMS(upd)
	return &im, nil
}

func parseWidths(s string) []int {
	var out []int
	for f := range strings.SplitSeq(s, ",") {
		if n, err := strconv.Atoi(f); err == nil && n > 0 {
			out = append(out, n)
		}
	}
	return out
}

func formatWidths(ws []int) string {
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = strconv.Itoa(w)
	}
	return strings.Join(parts, ",")
}

// ArticleImages lists an article's pictures and their states, by URL.
func (s *Store) ArticleImages(ctx context.Context, articleID int64) ([]model.ArticleImage, error) {
	rows, err := s.query(ctx, s.DB, `SELECT `+imageCols+` FROM article_images WHERE article_id = ? ORDER BY url`, articleID)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list the images of article %d: %w", articleID, err)
	}
	defer rows.Close()
	var out []model.ArticleImage
	for rows.Next() {
		im, err := scanImage(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *im)
	}
	return out, rows.Err()
}

// ArticleImage returns one picture of an article.
func (s *Store) ArticleImage(ctx context.Context, articleID int64, url string) (*model.ArticleImage, error) {
	im, err := scanImage(s.queryRow(ctx, s.DB, `SELECT `+imageCols+` FROM article_images WHERE article_id = ? AND url = ?`, articleID, url))
	if err == ErrNotFound {
		return nil, model.Errorf(model.ENotFound, "article %d has no image %s", articleID, url)
	}
	return im, err
}

// ReadyImage returns the processed picture fetched from url for any
// article, so that one URL is fetched and processed once.
func (s *Store) ReadyImage(ctx context.Context, url string) (*model.Image, bool, error) {
	im, err := scanImage(s.queryRow(ctx, s.DB, `SELECT `+imageCols+` FROM article_images WHERE url = ? AND status = ? LIMIT 1`, url, model.ImageReady))
	if err == ErrNotFound {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("store: unable to look up image %s: %w", url, err)
	}
	return &im.Image, true, nil
}

// SaveImage stores a processed picture's files (a file already stored,
// the same picture used elsewhere, is kept), marks the article's picture
// ready and touches the article's publications, so that the web nodes
// render its pages again, now with the picture.
func (s *Store) SaveImage(ctx context.Context, articleID int64, url string, im model.Image, files []MediaFile) error {
	now := ms(s.Now())
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, f := range files {
			if _, err := s.exec(ctx, tx, `INSERT INTO media (name, content_type, data, created_at) VALUES (?, ?, ?, ?)
				ON CONFLICT (name) DO NOTHING`, f.Name, f.ContentType, f.Data, now); err != nil {
				return fmt.Errorf("store: unable to store %s: %w", f.Name, err)
			}
		}
		if _, err := s.exec(ctx, tx, `UPDATE article_images SET status = ?, error = '', hash = ?, ext = ?, width = ?, height = ?, widths = ?, updated_at = ?
			WHERE article_id = ? AND url = ?`, model.ImageReady, im.Hash, im.Ext, im.Width, im.Height, formatWidths(im.Widths), now, articleID, url); err != nil {
			return fmt.Errorf("store: unable to save image %s: %w", url, err)
		}
		if _, err := s.exec(ctx, tx, `UPDATE publications SET updated_at = ? WHERE article_id = ?`, now, articleID); err != nil {
			return fmt.Errorf("store: unable to republish article %d: %w", articleID, err)
		}
		return nil
	})
}

// SetImageError records why a picture is not shown. failed marks it as
// given up; otherwise it stays pending (a retry is to come).
func (s *Store) SetImageError(ctx context.Context, articleID int64, url, msg string, failed bool) error {
	status := model.ImagePending
	if failed {
		status = model.ImageFailed
	}
	if _, err := s.exec(ctx, s.DB, `UPDATE article_images SET status = ?, error = ?, updated_at = ? WHERE article_id = ? AND url = ? AND status <> ?`,
		status, msg, ms(s.Now()), articleID, url, model.ImageReady); err != nil {
		return fmt.Errorf("store: unable to record the error of image %s: %w", url, err)
	}
	return nil
}

// Media returns a stored image file by name; an error with code
// model.ENotFound when there is none.
func (s *Store) Media(ctx context.Context, name string) (data []byte, contentType string, err error) {
	err = s.queryRow(ctx, s.DB, `SELECT data, content_type FROM media WHERE name = ?`, name).Scan(&data, &contentType)
	if err != nil {
		if err = translateErr(err); err == ErrNotFound {
			return nil, "", model.Errorf(model.ENotFound, "no media file %s", name)
		}
		return nil, "", fmt.Errorf("store: unable to read media file %s: %w", name, err)
	}
	return data, contentType, nil
}

// readyImages returns the processed pictures of the given articles, by
// article and URL.
func (s *Store) readyImages(ctx context.Context, ids []int64) (map[int64]map[string]model.Image, error) {
	out := map[int64]map[string]model.Image{}
	for start := 0; start < len(ids); start += idBatch {
		in, idArgs := idList(ids[start:min(start+idBatch, len(ids))])
		rows, err := s.query(ctx, s.DB, `SELECT `+imageCols+` FROM article_images WHERE status = ? AND article_id IN (`+in+`)`,
			append([]any{model.ImageReady}, idArgs...)...)
		if err != nil {
			return nil, fmt.Errorf("store: unable to read images: %w", err)
		}
		for rows.Next() {
			im, err := scanImage(rows)
			if err != nil {
				rows.Close()
				return nil, err
			}
			if out[im.ArticleID] == nil {
				out[im.ArticleID] = map[string]model.Image{}
			}
			out[im.ArticleID][im.URL] = im.Image
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// attachImages sets each story's Images.
func (s *Store) attachImages(ctx context.Context, stories []model.Story) error {
	if len(stories) == 0 {
		return nil
	}
	ids := make([]int64, 0, len(stories))
	seen := map[int64]bool{}
	for _, st := range stories {
		if !seen[st.ArticleID] {
			seen[st.ArticleID] = true
			ids = append(ids, st.ArticleID)
		}
	}
	imgs, err := s.readyImages(ctx, ids)
	if err != nil {
		return err
	}
	for i := range stories {
		stories[i].Images = imgs[stories[i].ArticleID]
	}
	return nil
}

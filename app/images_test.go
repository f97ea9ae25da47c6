package app_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"newsbridge/app"
	"newsbridge/internal/pgtest"
	"newsbridge/model"
)

const museumPage = `<!doctype html><html lang="es"><head><meta charset="utf-8"><title>Valdemora abre su nuevo museo</title>
<meta property="og:title" content="Valdemora abre su nuevo museo"><meta property="og:image" content="%[1]s/img/photo.jpg"><meta property="article:section" content="Cultura"></head>
<body><article><h1>Valdemora abre su nuevo museo</h1>
<p class="byline">Por Ana Ruiz</p>
<p>El ayuntamiento de Valdemora abrió ayer el nuevo museo de la ciudad, con cuatro salas dedicadas a la historia local.</p>
<figure><img src="/img/clear.png" alt="El logotipo del museo" width="800" height="400"><figcaption>El logotipo, en la fachada. <span class="credit">Foto: Ana Ruiz</span></figcaption></figure>
<p>La obra costó 1,5 millones de euros y duró dos años, según explicó la alcaldesa en una rueda de prensa.</p>
<figure><img src="/img/bomb.png" alt="Una sala" width="800" height="600"><figcaption>La sala mayor.</figcaption></figure>
<figure><img src="/img/fake.jpg" alt="Otra sala" width="800" height="600"><figcaption>La sala menor.</figcaption></figure>
<p>Los vecinos podrán visitarlo gratis hasta el 30 de abril, de martes a domingo, y las escuelas tendrán visitas guiadas.</p>
<figure><img src="/img/cut.gif" alt="El patio" width="800" height="600"><figcaption>El patio interior.</figcaption></figure>
<figure><img src="/img/plan.svg" alt="El plano" width="800" height="600"><figcaption>El plano del museo.</figcaption></figure>
<figure><img src="http://10.1.2.3/inside.jpg" alt="La entrada" width="800" height="600"><figcaption>La entrada principal.</figcaption></figure>
<figure><img src="/img/gone.jpg" alt="El jardín" width="800" height="600"><figcaption>El jardín, en primavera.</figcaption></figure>
<p>El museo abrirá también los lunes festivos durante el verano, con un horario ampliado hasta las nueve de la noche.</p>
</article></body></html>`

// pngDeclaring is a PNG whose header declares w×h pixels and holds none.
func pngDeclaring(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&b, binary.BigEndian, uint32(len(data)))
		b.WriteString(typ)
		b.Write(data)
		binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 6
	chunk("IHDR", ihdr)
	chunk("IEND", nil)
	return b.Bytes()
}

// museumOutlet serves one article whose pictures are one good JPEG, one
// good transparent PNG and every kind of bad one.
func museumOutlet(t *testing.T) *httptest.Server {
	var srv *httptest.Server
	photo := image.NewRGBA(image.Rect(0, 0, 1600, 1000))
	for y := range 1000 {
		for x := range 1600 {
			photo.SetRGBA(x, y, color.RGBA{uint8(x / 7), uint8(y / 4), uint8((x + y) % 256), 255})
		}
	}
	var jpg, clear, cut bytes.Buffer
	jpeg.Encode(&jpg, photo, nil)
	logo := image.NewNRGBA(image.Rect(0, 0, 800, 400))
	for i := range logo.Pix {
		logo.Pix[i] = uint8(i % 251)
	}
	png.Encode(&clear, logo)
	pal := image.NewPaletted(image.Rect(0, 0, 300, 300), color.Palette{color.Black, color.White})
	for i := range pal.Pix {
		pal.Pix[i] = uint8(i % 3 % 2)
	}
	gif.Encode(&cut, pal, nil)
	files := map[string]struct {
		ct   string
		body []byte
	}{
		"/img/photo.jpg": {"image/jpeg", jpg.Bytes()},
		"/img/clear.png": {"image/png", clear.Bytes()},
		"/img/bomb.png":  {"image/png", pngDeclaring(50000, 50000)},
		"/img/fake.jpg":  {"image/jpeg", []byte("<!DOCTYPE html><html><body><h1>Image not found</h1></body></html>")},
		"/img/cut.gif":   {"image/gif", cut.Bytes()[:cut.Len()/2]},
		"/img/plan.svg":  {"image/svg+xml", []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="9" height="9"/></svg>`)},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Diario</title><link>%[1]s/</link>
<item><title>Museo</title><link>%[1]s/museo.html</link><pubDate>Mon, 02 Mar 2026 10:00:00 GMT</pubDate></item></channel></rss>`, srv.URL)
	})
	mux.HandleFunc("/museo.html", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintf(w, museumPage, srv.URL) })
	mux.HandleFunc("/img/", func(w http.ResponseWriter, r *http.Request) {
		f, ok := files[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", f.ct)
		w.Write(f.body)
	})
	srv = httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// TestImagesServedFromOurOrigin runs the real pipeline on an article with
// good and bad pictures: the good ones are served from /media/ on every
// page, each bad one is left out with its reason recorded, and the
// article is published all the same, on SQLite and on PostgreSQL.
func TestImagesServedFromOurOrigin(t *testing.T) {
	requireApertium(t)
	for _, db := range []string{"sqlite", "postgres"} {
		t.Run(db, func(t *testing.T) {
			url := ""
			if db == "postgres" {
				url = pgtest.NewDatabase(t)
			}
			srv := museumOutlet(t)
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
			defer cancel()
			a, err := app.Open(ctx, testConfig(t, url), app.Options{Work: true})
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			src, err := a.AddSource(ctx, srv.URL+"/feed.xml", "Diario", "es", time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := a.RunOnce(ctx, nil); err != nil {
				t.Fatal(err)
			}
			arts, err := a.Store.Articles(ctx, storeFilter(src.ID))
			if err != nil || len(arts) != 1 {
				t.Fatalf("articles: %v %v", arts, err)
			}
			art := arts[0]
			if art.Status != model.ArticleExtracted || art.Error != "" {
				t.Fatalf("article: %s %q", art.Status, art.Error)
			}
			if langs, _ := a.Store.PublishedLangs(ctx, art.ID); len(langs) != 2 {
				t.Errorf("published in %v, want es and ca", langs)
			}
			imgs, err := a.Store.ArticleImages(ctx, art.ID)
			if err != nil {
				t.Fatal(err)
			}
			byPath := map[string]model.ArticleImage{}
			for _, im := range imgs {
				byPath[im.URL[strings.LastIndex(im.URL, "/"):]] = im
			}
			if len(byPath) != 8 {
				t.Errorf("%d pictures recorded, want 8: %+v", len(byPath), imgs)
			}
			for p, want := range map[string]string{
				"/bomb.png":   "50000×50000 pixels declared",
				"/fake.jpg":   "not a picture: the content is text/html",
				"/cut.gif":    "damaged GIF",
				"/plan.svg":   "SVG is not served",
				"/inside.jpg": "refused: address 10.1.2.3:80 is private",
				"/gone.jpg":   "404",
			} {
				im := byPath[p]
				if im.Status != model.ImageFailed || !strings.Contains(im.Error, want) {
					t.Errorf("%s: %s %q, want failed with %q", p, im.Status, im.Error, want)
				}
			}
			photo, logo := byPath["/photo.jpg"], byPath["/clear.png"]
			if photo.Status != model.ImageReady || photo.Image.Ext != "jpg" || fmt.Sprint(photo.Image.Widths) != "[320 640 1024]" || photo.Image.Height != 640 {
				t.Errorf("photo: %+v", photo)
			}
			if logo.Status != model.ImageReady || logo.Image.Ext != "png" || fmt.Sprint(logo.Image.Widths) != "[320 640 800]" {
				t.Errorf("logo: %+v", logo)
			}

			node, err := a.OpenWeb(ctx, "http://127.0.0.1")
			if err != nil {
				t.Fatal(err)
			}
			h := a.Handler(node)
			get := func(path string) *httptest.ResponseRecorder {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
				if rec.Code == http.StatusMovedPermanently {
					// The source slug under /ca/ moves to the Catalan one.
					loc := strings.TrimPrefix(rec.Header().Get("Location"), "http://127.0.0.1")
					rec = httptest.NewRecorder()
					h.ServeHTTP(rec, httptest.NewRequest("GET", loc, nil))
				}
				if rec.Code != 200 {
					t.Fatalf("%s: %d", path, rec.Code)
				}
				return rec
			}
			imgTag := regexp.MustCompile(`<img [^>]*>`)
			srcAttr := regexp.MustCompile(`\ssrc="([^"]*)"`)
			for _, p := range []string{"/es/", "/ca/", "/es/a/" + art.Slug, "/ca/a/" + art.Slug} {
				body := get(p).Body.String()
				tags := imgTag.FindAllString(body, -1)
				want := 1 // the teaser's thumbnail
				if strings.Contains(p, "/a/") {
					want = 2 // the main picture and the logo's figure
				}
				if len(tags) != want {
					t.Errorf("%s: %d pictures, want %d: %q", p, len(tags), want, tags)
				}
				for _, tag := range tags {
					m := srcAttr.FindStringSubmatch(tag)
					if m == nil || !strings.HasPrefix(m[1], "/media/") || strings.Contains(tag, srv.Listener.Addr().String()) || !strings.Contains(tag, "srcset=") {
						t.Errorf("%s: %s", p, tag)
					}
				}
			}
			// The credit is kept; the caption is in the reader's language.
			ca := get("/ca/a/" + art.Slug).Body.String()
			if !strings.Contains(ca, `<span class="credit">Ana Ruiz</span></figcaption>`) || strings.Contains(ca, "El logotipo, en la fachada.") {
				t.Errorf("Catalan figure: %s", regexp.MustCompile(`<figcaption>.*?</figcaption>`).FindAllString(ca, -1))
			}
			rec := get(photo.Image.Path(640))
			if ct := rec.Header().Get("Content-Type"); ct != "image/jpeg" {
				t.Errorf("content type %q", ct)
			}
			cfg, format, err := image.DecodeConfig(rec.Body)
			if err != nil || format != "jpeg" || cfg.Width != 640 || cfg.Height != 400 {
				t.Errorf("served picture: %s %dx%d %v", format, cfg.Width, cfg.Height, err)
			}
		})
	}
}

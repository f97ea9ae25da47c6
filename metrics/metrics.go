// Package metrics owns newsbridge's Prometheus collectors, on a registry of
// its own (never the global default), and serves them at /metrics. The
// other packages report through small hooks the composition root wires to
// a Metrics; none of them imports Prometheus.
package metrics

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

const namespace = "newsbridge"

// Metrics is one process's collectors. A nil *Metrics records nothing, so
// code paths that run without metrics (one-shot commands, tests) need no
// checks.
type Metrics struct {
	reg *prometheus.Registry

	jobs      *prometheus.HistogramVec
	jobWait   *prometheus.HistogramVec
	fetches   *prometheus.CounterVec
	engCalls  *prometheus.CounterVec
	engChars  *prometheus.CounterVec
	engErrors *prometheus.CounterVec
	engTime   *prometheus.HistogramVec
	segments  *prometheus.CounterVec
	flags     *prometheus.CounterVec
	lag       *prometheus.HistogramVec
	http      *prometheus.HistogramVec
	cache     *prometheus.CounterVec
	search    prometheus.Histogram
}

// New registers every collector, plus Go's runtime and process collectors,
// on a new registry.
func New() *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	m.jobs = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Namespace: namespace, Name: "job_duration_seconds",
		Help:    "Pipeline jobs worked by this process, by kind and final state (completed, failed, cancelled, snoozed), with their run time.",
		Buckets: []float64{.005, .025, .1, .25, 1, 2.5, 10, 30, 60, 300},
	}, []string{"kind", "state"})
	m.jobWait = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Namespace: namespace, Name: "job_wait_seconds",
		Help:    "Time a job waited, available, before a worker took it.",
		Buckets: []float64{.05, .25, 1, 5, 15, 60, 300, 900, 3600},
	}, []string{"kind"})
	m.fetches = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: namespace, Name: "fetches_total",
		Help: "HTTP fetches of feeds and article pages, by source id, kind (feed, article) and result (ok, not_modified, error).",
	}, []string{"source", "kind", "result"})
	m.engCalls = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: namespace, Name: "engine_requests_total",
		Help: "Calls to a translation engine.",
	}, []string{"engine"})
	m.engChars = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: namespace, Name: "engine_characters_total",
		Help: "Characters sent to a translation engine.",
	}, []string{"engine"})
	m.engErrors = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: namespace, Name: "engine_errors_total",
		Help: "Calls to a translation engine that failed.",
	}, []string{"engine"})
	m.engTime = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Namespace: namespace, Name: "engine_request_duration_seconds",
		Help:    "Time one call to a translation engine took.",
		Buckets: []float64{.01, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
	}, []string{"engine"})
	m.segments = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: namespace, Name: "translated_segments_total",
		Help: "Segments translated, by origin: memory (a translation-memory hit) or engine.",
	}, []string{"origin"})
	m.flags = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: namespace, Name: "flags_total",
		Help: "Quality-check flags raised on machine translations, by target language and check.",
	}, []string{"lang", "check"})
	m.lag = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Namespace: namespace, Name: "publish_lag_seconds",
		Help:    "Time from an article's discovery in its feed to its first publication in a language.",
		Buckets: []float64{1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 14400},
	}, []string{"lang"})
	m.http = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Namespace: namespace, Name: "http_request_duration_seconds",
		Help:    "HTTP requests served, by route pattern, method and status code.",
		Buckets: []float64{.0005, .001, .005, .01, .025, .05, .1, .25, 1, 5},
	}, []string{"route", "method", "code"})
	m.cache = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: namespace, Name: "page_cache_requests_total",
		Help: "Reader page requests looked up in the page cache, by result (hit, miss).",
	}, []string{"result"})
	m.search = prometheus.NewHistogram(prometheus.HistogramOpts{
		Namespace: namespace, Name: "search_duration_seconds",
		Help:    "Time one reader search took in the index.",
		Buckets: []float64{.001, .005, .01, .025, .05, .1, .25, 1},
	})
	m.reg.MustRegister(m.jobs, m.jobWait, m.fetches, m.engCalls, m.engChars, m.engErrors, m.engTime,
		m.segments, m.flags, m.lag, m.http, m.cache, m.search,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	// The cache's two results exist from the start, so a hit ratio is
	// defined before the first miss.
	m.cache.WithLabelValues("hit")
	m.cache.WithLabelValues("miss")
	return m
}

// Registry is the registry the collectors are on (tests gather from it).
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Handler serves the registry in Prometheus' text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
}

// Job records one job a worker finished.
func (m *Metrics) Job(kind, state string, wait, run time.Duration) {
	if m == nil {
		return
	}
	m.jobs.WithLabelValues(kind, state).Observe(run.Seconds())
	m.jobWait.WithLabelValues(kind).Observe(wait.Seconds())
}

// Fetch records one fetch of a source's feed or article page.
func (m *Metrics) Fetch(source int64, kind, result string) {
	if m == nil {
		return
	}
	m.fetches.WithLabelValues(strconv.FormatInt(source, 10), kind, result).Inc()
}

// EngineCall records one call to an engine: the characters sent, how long
// it took and whether it failed.
func (m *Metrics) EngineCall(engine string, chars int, took time.Duration, err error) {
	if m == nil {
		return
	}
	m.engCalls.WithLabelValues(engine).Inc()
	m.engChars.WithLabelValues(engine).Add(float64(chars))
	m.engTime.WithLabelValues(engine).Observe(took.Seconds())
	if err != nil {
		m.engErrors.WithLabelValues(engine).Inc()
	}
}

// Segments records a translation's segments: those the memory answered and
// those an engine translated.
func (m *Metrics) Segments(memory, engine int) {
	if m == nil {
		return
	}
	m.segments.WithLabelValues("memory").Add(float64(memory))
	m.segments.WithLabelValues("engine").Add(float64(engine))
}

// Flag records one quality-check flag raised in lang.
func (m *Metrics) Flag(lang, check string) {
	if m == nil {
		return
	}
	m.flags.WithLabelValues(lang, check).Inc()
}

// Published records an article's first publication in lang, lag after it
// was found.
func (m *Metrics) Published(lang string, lag time.Duration) {
	if m == nil {
		return
	}
	m.lag.WithLabelValues(lang).Observe(max(lag, 0).Seconds())
}

// PageCache records a page-cache lookup.
func (m *Metrics) PageCache(hit bool) {
	if m == nil {
		return
	}
	if hit {
		m.cache.WithLabelValues("hit").Inc()
	} else {
		m.cache.WithLabelValues("miss").Inc()
	}
}

// Search records one search's time in the index.
func (m *Metrics) Search(took time.Duration) {
	if m == nil {
		return
	}
	m.search.Observe(took.Seconds())
}

// QueueStat is the number of jobs of one kind in one state, read from the
// queue's table when Prometheus scrapes.
type QueueStat struct {
	Kind, State string
	Count       int
}

// QueueReader reads the queue's depth and the time the oldest available job
// has been waiting. It is called on every scrape, so it must be cheap.
type QueueReader func(ctx context.Context) (stats []QueueStat, oldest time.Duration, err error)

// WatchQueue adds the queue gauges, read by r at each scrape (within a few
// seconds, or the scrape reports the error for these two metrics only).
func (m *Metrics) WatchQueue(r QueueReader) {
	m.reg.MustRegister(&queueCollector{read: r})
}

var (
	queueJobsDesc = prometheus.NewDesc(namespace+"_queue_jobs",
		"Jobs in the queue, by kind and state (available, running, scheduled, retryable, pending).", []string{"kind", "state"}, nil)
	queueOldestDesc = prometheus.NewDesc(namespace+"_queue_oldest_available_seconds",
		"How long the oldest available job has been waiting for a worker (0 when none waits).", nil, nil)
)

type queueCollector struct{ read QueueReader }

func (c *queueCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- queueJobsDesc
	ch <- queueOldestDesc
}

func (c *queueCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	stats, oldest, err := c.read(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(queueJobsDesc, err)
		return
	}
	for _, s := range stats {
		ch <- prometheus.MustNewConstMetric(queueJobsDesc, prometheus.GaugeValue, float64(s.Count), s.Kind, s.State)
	}
	ch <- prometheus.MustNewConstMetric(queueOldestDesc, prometheus.GaugeValue, max(oldest, 0).Seconds())
}

// Package pgtest gives tests a real PostgreSQL: the URL in
// NEWSBRIDGE_TEST_DATABASE_URL when set, otherwise a throwaway cluster that
// it starts on 127.0.0.1 with Debian's initdb and pg_ctl (about a second),
// one per test process, with a fresh database for each caller. A test that
// must stop and start the server itself takes a Cluster of its own.
package pgtest

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
)

var (
	once    sync.Once
	baseURL string
	shared  *Cluster
	initErr error
	counter atomic.Int64
)

// Main runs the tests and then stops the cluster, if one was started:
// call it from TestMain.
func Main(m *testing.M) {
	code := m.Run()
	Stop()
	os.Exit(code)
}

// Stop stops the throwaway cluster.
func Stop() {
	if shared == nil {
		return
	}
	shared.Remove()
	shared = nil
}

// Required reports whether a missing PostgreSQL fails the tests instead of
// skipping them (the CI sets NEWSBRIDGE_REQUIRE_POSTGRES=1).
func Required() bool { return os.Getenv("NEWSBRIDGE_REQUIRE_POSTGRES") == "1" }

// NewDatabase returns the URL of a new, empty database.
func NewDatabase(t testing.TB) string {
	t.Helper()
	once.Do(start)
	if initErr != nil {
		if Required() {
			t.Fatalf("pgtest: PostgreSQL is required but unavailable: %v", initErr)
		}
		t.Skipf("pgtest: no PostgreSQL (install Debian's postgresql or set NEWSBRIDGE_TEST_DATABASE_URL): %v", initErr)
	}
	name := fmt.Sprintf("nbtest_%d_%d", os.Getpid(), counter.Add(1))
	u, err := createDatabase(baseURL, name)
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	return u
}

func createDatabase(base, name string) (string, error) {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base+"/postgres")
	if err != nil {
		return "", fmt.Errorf("connect: %w", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		return "", fmt.Errorf("create database: %w", err)
	}
	return base + "/" + name + "?sslmode=disable", nil
}

func start() {
	if u := os.Getenv("NEWSBRIDGE_TEST_DATABASE_URL"); u != "" {
		baseURL = u
		return
	}
	shared, initErr = StartCluster()
	if initErr == nil {
		baseURL = shared.baseURL()
	}
}

// Cluster is a PostgreSQL server in a temporary directory, on a port of
// its own on 127.0.0.1, with trust authentication and no fsync.
type Cluster struct {
	Port    int
	dir     string
	dataDir string
	pgCtl   string
	opts    string
	asUser  []string
}

// NewCluster starts a cluster for t alone, removed when t ends. It skips t
// when PostgreSQL's binaries are missing, unless Required.
func NewCluster(t testing.TB) *Cluster {
	t.Helper()
	c, err := StartCluster()
	if err != nil {
		if Required() {
			t.Fatalf("pgtest: PostgreSQL is required but unavailable: %v", err)
		}
		t.Skipf("pgtest: no PostgreSQL (install Debian's postgresql): %v", err)
	}
	t.Cleanup(c.Remove)
	return c
}

// StartCluster creates and starts a cluster; Remove stops and deletes it.
func StartCluster() (*Cluster, error) {
	initdb, err := findBin("initdb")
	if err != nil {
		return nil, err
	}
	c := &Cluster{pgCtl: filepath.Join(filepath.Dir(initdb), "pg_ctl")}
	if c.dir, err = os.MkdirTemp("", "newsbridge-pg-"); err != nil {
		return nil, err
	}
	// PostgreSQL refuses to run as root: run it as the postgres user then.
	if u, err := user.Current(); err == nil && u.Uid == "0" {
		pu, err := user.Lookup("postgres")
		if err != nil {
			os.RemoveAll(c.dir)
			return nil, fmt.Errorf("running as root and there is no postgres user: %w", err)
		}
		uid, _ := strconv.Atoi(pu.Uid)
		gid, _ := strconv.Atoi(pu.Gid)
		if err := os.Chown(c.dir, uid, gid); err != nil {
			os.RemoveAll(c.dir)
			return nil, err
		}
		c.asUser = []string{"runuser", "-u", "postgres", "--"}
	}
	c.dataDir = filepath.Join(c.dir, "data")
	if c.Port, err = freePort(); err != nil {
		os.RemoveAll(c.dir)
		return nil, err
	}
	if out, err := c.wrap(exec.Command(initdb, "-D", c.dataDir, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C")).CombinedOutput(); err != nil {
		os.RemoveAll(c.dir)
		return nil, fmt.Errorf("initdb: %v: %s", err, out)
	}
	c.opts = fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", c.Port, c.dir)
	if err := c.Start(); err != nil {
		os.RemoveAll(c.dir)
		return nil, err
	}
	return c, nil
}

func (c *Cluster) baseURL() string { return fmt.Sprintf("postgres://postgres@127.0.0.1:%d", c.Port) }

// NewDatabase creates a database and returns its URL.
func (c *Cluster) NewDatabase(name string) (string, error) {
	return createDatabase(c.baseURL(), name)
}

// Start starts the server and waits until it accepts connections.
func (c *Cluster) Start() error {
	if out, err := c.wrap(exec.Command(c.pgCtl, "-D", c.dataDir, "-o", c.opts, "-w", "-l", filepath.Join(c.dir, "log"), "start")).CombinedOutput(); err != nil {
		return fmt.Errorf("pg_ctl start: %v: %s", err, out)
	}
	return nil
}

// Stop stops the server: mode "immediate" as a crash would (connections
// cut, recovery at the next start), "fast" as an operator would.
func (c *Cluster) Stop(mode string) error {
	if out, err := c.wrap(exec.Command(c.pgCtl, "-D", c.dataDir, "-m", mode, "-w", "stop")).CombinedOutput(); err != nil {
		return fmt.Errorf("pg_ctl stop: %v: %s", err, out)
	}
	return nil
}

// Log returns the server's log.
func (c *Cluster) Log() string {
	b, _ := os.ReadFile(filepath.Join(c.dir, "log"))
	return string(b)
}

// Remove stops the server and deletes its files.
func (c *Cluster) Remove() {
	_ = c.Stop("immediate")
	os.RemoveAll(c.dir)
}

func (c *Cluster) wrap(cmd *exec.Cmd) *exec.Cmd {
	if len(c.asUser) == 0 {
		return cmd
	}
	args := append(append([]string{}, c.asUser[1:]...), cmd.Args...)
	args[len(c.asUser)-1] = cmd.Path
	return exec.Command(c.asUser[0], args...)
}

func findBin(name string) (string, error) {
	if m, _ := filepath.Glob("/usr/lib/postgresql/*/bin/" + name); len(m) > 0 {
		return m[len(m)-1], nil
	}
	return exec.LookPath(name)
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

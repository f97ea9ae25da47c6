// Package pgtest gives tests a real PostgreSQL: the URL in
// NEWSBRIDGE_TEST_DATABASE_URL when set, otherwise a throwaway cluster that
// it starts on 127.0.0.1 with Debian's initdb and pg_ctl (about a second),
// one per test process, with a fresh database for each caller.
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
	dataDir string
	pgCtl   string
	asUser  []string
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
	if dataDir == "" {
		return
	}
	cmd := exec.Command(pgCtl, "-D", dataDir, "-m", "immediate", "stop")
	cmd = wrap(cmd)
	_ = cmd.Run()
	os.RemoveAll(filepath.Dir(dataDir))
	dataDir = ""
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
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, baseURL+"/postgres")
	if err != nil {
		t.Fatalf("pgtest: connect: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("pgtest: create database: %v", err)
	}
	return baseURL + "/" + name + "?sslmode=disable"
}

func start() {
	if u := os.Getenv("NEWSBRIDGE_TEST_DATABASE_URL"); u != "" {
		baseURL = u
		return
	}
	initdb, err := findBin("initdb")
	if err != nil {
		initErr = err
		return
	}
	pgCtl = filepath.Join(filepath.Dir(initdb), "pg_ctl")
	dir, err := os.MkdirTemp("", "newsbridge-pg-")
	if err != nil {
		initErr = err
		return
	}
	// PostgreSQL refuses to run as root: run it as the postgres user then.
	if u, err := user.Current(); err == nil && u.Uid == "0" {
		pu, err := user.Lookup("postgres")
		if err != nil {
			initErr = fmt.Errorf("running as root and there is no postgres user: %w", err)
			return
		}
		uid, _ := strconv.Atoi(pu.Uid)
		gid, _ := strconv.Atoi(pu.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			initErr = err
			return
		}
		asUser = []string{"runuser", "-u", "postgres", "--"}
	}
	dataDir = filepath.Join(dir, "data")
	port, err := freePort()
	if err != nil {
		initErr = err
		return
	}
	if out, err := wrap(exec.Command(initdb, "-D", dataDir, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C")).CombinedOutput(); err != nil {
		initErr = fmt.Errorf("initdb: %v: %s", err, out)
		return
	}
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", port, dir)
	if out, err := wrap(exec.Command(pgCtl, "-D", dataDir, "-o", opts, "-w", "-l", filepath.Join(dir, "log"), "start")).CombinedOutput(); err != nil {
		initErr = fmt.Errorf("pg_ctl start: %v: %s", err, out)
		return
	}
	baseURL = fmt.Sprintf("postgres://postgres@127.0.0.1:%d", port)
}

func wrap(cmd *exec.Cmd) *exec.Cmd {
	if len(asUser) == 0 {
		return cmd
	}
	args := append(append([]string{}, asUser[1:]...), cmd.Args...)
	args[len(asUser)-1] = cmd.Path
	return exec.Command(asUser[0], args...)
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

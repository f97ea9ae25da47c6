package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// CPU time, because the machine the benchmark runs on is shared: wall time
// there measures the neighbours as much as the program. cpuNow is this
// process's CPU time plus that of its live descendants (the Apertium
// pipelines the engine keeps running, APy and its pipes); waitedChildren
// is the CPU time of the descendants already waited for (the raw `apertium`
// run).

const clockTicks = 100 // USER_HZ on Linux

func rusage(who int) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(who, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func waitedChildren() time.Duration { return rusage(syscall.RUSAGE_CHILDREN) }

// cpuStart and cpuEnd read the CPU time so that the /proc scan itself
// falls outside the interval measured.
func cpuStart() time.Duration {
	d := liveDescendants(os.Getpid())
	return rusage(syscall.RUSAGE_SELF) + d
}

func cpuEnd() time.Duration {
	s := rusage(syscall.RUSAGE_SELF)
	return s + liveDescendants(os.Getpid())
}

func selfCPU() time.Duration { return rusage(syscall.RUSAGE_SELF) }

// liveDescendants sums utime+stime of every live descendant of pid, read
// from /proc.
func liveDescendants(pid int) time.Duration {
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	children := map[int][]int{}
	ticks := map[int]int64{}
	for _, f := range stats {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		s := string(b)
		i := strings.LastIndexByte(s, ')')
		if i < 0 {
			continue
		}
		p, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(f, "/proc/"), "/stat"))
		fields := strings.Fields(s[i+1:])
		if len(fields) < 13 {
			continue
		}
		ppid, _ := strconv.Atoi(fields[1])
		ut, _ := strconv.ParseInt(fields[11], 10, 64)
		st, _ := strconv.ParseInt(fields[12], 10, 64)
		children[ppid] = append(children[ppid], p)
		ticks[p] = ut + st
	}
	var total int64
	queue := append([]int(nil), children[pid]...)
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		total += ticks[p]
		queue = append(queue, children[p]...)
	}
	return time.Duration(total) * time.Second / clockTicks
}

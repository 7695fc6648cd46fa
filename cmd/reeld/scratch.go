package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// scratch is this process's own directory under DATA/work: uploads being
// checked and renders in progress. Several processes may share one
// --data (a supervisor starting N workers on one machine): each holds an
// exclusive flock on its directory's lock file while it lives, and a
// process starting up removes only the directories whose lock nobody
// holds — those of processes that died — never a live sibling's.
type scratch struct {
	dir  string
	lock *os.File
}

// openScratch creates a fresh scratch directory under root (DATA/work),
// removing the ones dead processes left behind.
func openScratch(root, name string) (*scratch, error) {
	if err := os.MkdirAll(root, 0o700); err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(root)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		p := filepath.Join(root, e.Name())
		if !e.IsDir() {
			os.Remove(p) // an older version's files sat directly under work/
			continue
		}
		if l, err := lockDir(p); err == nil {
			// Nobody holds it: its process is gone.
			os.RemoveAll(p)
			l.Close()
		}
	}
	dir, err := os.MkdirTemp(root, name+"-")
	if err != nil {
		return nil, err
	}
	l, err := lockDir(dir)
	if err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("lock scratch dir: %w", err)
	}
	return &scratch{dir: dir, lock: l}, nil
}

// errLocked is lockDir's answer for a directory a live process holds.
var errLocked = errors.New("scratch dir in use")

// lockDir takes the exclusive lock of dir's lock file without waiting.
func lockDir(dir string) (*os.File, error) {
	f, err := os.OpenFile(filepath.Join(dir, ".lock"), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, errLocked
		}
		return nil, err
	}
	return f, nil
}

// close removes the directory and releases its lock.
func (s *scratch) close() {
	os.RemoveAll(s.dir)
	s.lock.Close()
}

package server

import (
	"crypto/rand"
	"encoding/hex"
	"os"
	"strconv"
)

// NewProcessID names one reeld process in the liveness table and as its
// River client: host, pid and a random suffix (a pid is reused after a
// restart, the suffix is not).
func NewProcessID(role string) string {
	b := make([]byte, 4)
	rand.Read(b)
	return role + "-" + hostname() + "-" + strconv.Itoa(pid()) + "-" + hex.EncodeToString(b)
}

func hostname() string {
	h, err := os.Hostname()
	if err != nil || h == "" {
		return "unknown"
	}
	return h
}

func pid() int { return os.Getpid() }

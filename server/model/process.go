package model

import "time"

// Process is one row of the liveness table: a reeld process that
// heartbeats while it runs.
type Process struct {
	ID, Role, Host string
	PID            int
	// Renders is how many renders the process runs at once (0: an
	// API-only process).
	Renders   int
	StartedOn time.Time
	SeenOn    time.Time
}

// QueueStats is the queue as /metrics shows it: River jobs by queue and
// state, and the live processes by role.
type QueueStats struct {
	Jobs map[string]map[string]int // queue -> state -> count
	Live map[string]int            // role -> processes seen within the stale interval
}

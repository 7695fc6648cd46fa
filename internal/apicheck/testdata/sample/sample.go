// Package sample is apicheck's test input.
package sample

import "io"

// Kind is a kind.
type Kind string

// Kinds.
const (
	KindA Kind = "a"
	kindB Kind = "b"
)

// Level counts.
type Level int

// Levels.
const (
	Low Level = iota
	Mid
	High
)

// ErrX is an error.
var ErrX = io.EOF

// Thing has fields.
type Thing struct {
	Name       string
	Start, End int64
	hidden     int
	io.Reader
}

// Get gets.
func (t *Thing) Get(key string, n int) (string, error) { return "", nil }

func (t *Thing) private() {}

// Doer does.
type Doer interface {
	Do(a, b int) error
}

// Alias is an alias.
type Alias = Thing

// New makes a Thing.
func New[T any](v T, opts ...string) *Thing { return nil }

type hidden struct{}

// Exported is a method of an unexported type: not API.
func (hidden) Exported() {}

func (t *Thing) Undocumented() {}

package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/reelkit/reel/engine"
)

// progressBar draws a one-line bar on a terminal and nothing otherwise.
type progressBar struct {
	w      io.Writer
	active bool
	drawn  bool
}

func newProgressBar(w io.Writer, quiet bool) *progressBar {
	return &progressBar{w: w, active: !quiet && isTerminal(w)}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func (b *progressBar) update(p engine.Progress) {
	if !b.active {
		return
	}
	const width = 30
	n := int(p.Fraction() * width)
	eta := "--"
	if p.ETA > 0 {
		eta = p.ETA.Round(time.Second).String()
	}
	fmt.Fprintf(b.w, "\r[%s%s] %3.0f%%  %d/%d frames  ETA %s   ", strings.Repeat("=", n), strings.Repeat(" ", width-n),
		100*p.Fraction(), p.Frames, p.Total, eta)
	b.drawn = true
}

func (b *progressBar) done() {
	if b.drawn {
		fmt.Fprintln(b.w)
	}
}

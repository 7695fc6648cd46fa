package httpx

import (
	"io"
	"net/http"
	"time"
)

// StallGuard cuts a connection whose request body stops arriving, or
// whose client stops accepting the response, for longer than timeout:
// every bit of progress pushes the connection's read or write deadline
// timeout further away (through http.ResponseController). A slow link
// that keeps moving can upload 50 MB or download a long video; a client
// that stalls ties up its connection for at most timeout. This replaces
// http.Server's ReadTimeout and WriteTimeout, which bound a whole request
// or response whatever its size.
type StallGuard struct {
	rc      *http.ResponseController
	timeout time.Duration
	// readAt and writeAt are when the deadlines were last pushed; the
	// push is skipped within timeout/8 of the last one.
	readAt, writeAt time.Time
}

// NewStallGuard starts guarding w's connection. The write deadline a
// previous response on the same connection left behind is cleared.
func NewStallGuard(w http.ResponseWriter, timeout time.Duration) *StallGuard {
	g := &StallGuard{rc: http.NewResponseController(w), timeout: timeout}
	g.rc.SetWriteDeadline(time.Time{}) //nolint:errcheck // not a net/http writer: no guard
	return g
}

// Body wraps a request body so that reading it keeps pushing the read
// deadline, and clears the deadline once the body is read to its end
// (net/http then
// reads the connection in the background to notice a hang-up, which must
// not time out while a handler works).
func (g *StallGuard) Body(b io.ReadCloser) io.ReadCloser {
	if b == nil || b == http.NoBody {
		return b
	}
	g.pushRead(time.Now())
	return &guardedBody{ReadCloser: b, g: g}
}

func (g *StallGuard) pushRead(now time.Time) {
	if now.Sub(g.readAt) >= g.timeout/8 {
		g.readAt = now
		g.rc.SetReadDeadline(now.Add(g.timeout)) //nolint:errcheck
	}
}

// BeforeWrite pushes the write deadline before a response write.
func (g *StallGuard) BeforeWrite() {
	if now := time.Now(); now.Sub(g.writeAt) >= g.timeout/8 {
		g.writeAt = now
		g.rc.SetWriteDeadline(now.Add(g.timeout)) //nolint:errcheck
	}
}

// Done bounds what net/http still writes (the buffered end of the
// response, or headers only) once the handler has returned.
func (g *StallGuard) Done() {
	g.rc.SetWriteDeadline(time.Now().Add(g.timeout)) //nolint:errcheck
}

type guardedBody struct {
	io.ReadCloser
	g *StallGuard
}

func (b *guardedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err == io.EOF {
		b.g.rc.SetReadDeadline(time.Time{}) //nolint:errcheck
		b.g.readAt = time.Time{}
		return n, err
	}
	if err != nil {
		// Keep the deadline: net/http discards the rest of an unread
		// body before answering, and must not wait for it forever.
		return n, err
	}
	if n > 0 {
		b.g.pushRead(time.Now())
	}
	return n, err
}

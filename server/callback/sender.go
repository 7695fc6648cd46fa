package callback

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/reelkit/reel/server/queue"
)

// Timeout bounds one delivery.
const Timeout = 15 * time.Second

// Sender delivers callbacks for the queue's callback workers.
type Sender struct {
	client      *http.Client
	concurrency int
	backoff     time.Duration
	log         *slog.Logger
	// Delivered, when set, observes each attempt's outcome (metrics).
	Delivered func(ok bool)

	mu       sync.Mutex
	inFlight map[string]int // deliveries per URL
}

// NewSender returns a sender of up to concurrency deliveries at once
// whose retries wait backoff, doubled per attempt.
func NewSender(concurrency int, backoff time.Duration, log *slog.Logger) *Sender {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Sender{client: &http.Client{Timeout: Timeout}, concurrency: concurrency, backoff: backoff, log: log, inFlight: map[string]int{}}
}

// Deliver posts one callback. One URL gets at most half of the
// concurrent deliveries (at least one): past that it is queue.ErrBusy
// (the queue snoozes the job without counting an attempt). A process
// stopping under the delivery is queue.ErrInterrupted; another error is
// the receiver's fault, retried until the last attempt.
func (s *Sender) Deliver(ctx context.Context, url string, body []byte, attempt, maxAttempts int) error {
	perURL := max(1, s.concurrency/2)
	s.mu.Lock()
	if s.inFlight[url] >= perURL {
		s.mu.Unlock()
		return queue.ErrBusy
	}
	s.inFlight[url]++
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		if s.inFlight[url]--; s.inFlight[url] == 0 {
			delete(s.inFlight, url)
		}
		s.mu.Unlock()
	}()
	err := post(ctx, s.client, url, body)
	if err != nil && ctx.Err() != nil {
		return queue.ErrInterrupted
	}
	if s.Delivered != nil {
		s.Delivered(err == nil)
	}
	if err != nil {
		s.log.Warn("callback failed", "url", url, "attempt", attempt, "err", err, "gave_up", attempt >= maxAttempts)
	}
	return err
}

// Retry is the delay before delivery attempt+1: the backoff, doubled per
// attempt.
func (s *Sender) Retry(attempt int) time.Duration {
	return s.backoff << min(max(attempt-1, 0), 16)
}

func post(ctx context.Context, client *http.Client, url string, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	return nil
}

package queue

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/reelkit/reel/server/model"
	"github.com/riverqueue/river"
)

// Start runs this process's part of the queue: its River workers (none
// for an API-only process), its heartbeat in the liveness table and the
// rescue of jobs whose process stopped heartbeating, until the returned
// stop is called. stop drains: running jobs finish until its ctx ends,
// then they are cancelled and put back for another worker.
func (q *Queue[TTx]) Start(ctx context.Context, r JobRunner, o Options) (stop func(context.Context) error, err error) {
	log := o.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if o.CallbackTimeout <= 0 {
		o.CallbackTimeout = 15 * time.Second
	}
	p := model.Process{ID: o.ProcessID, Role: o.Role, Host: hostname(), PID: os.Getpid(), Renders: o.Renders, StartedOn: time.Now()}
	p.SeenOn = p.StartedOn
	if err := q.live.Heartbeat(ctx, p); err != nil {
		return nil, fmt.Errorf("register process: %w", err)
	}
	if o.RescueAll {
		if n, err := q.live.RescueOrphans(ctx, p.ID, time.Now().Add(time.Hour)); err != nil {
			return nil, fmt.Errorf("rescue jobs of the previous process: %w", err)
		} else if n > 0 {
			log.Info("re-queued jobs left running by the previous process", "jobs", n)
		}
	}
	client, err := q.workingClient(r, o)
	if err != nil {
		return nil, err
	}
	loopCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() {
		defer close(done)
		q.heartbeatLoop(loopCtx, p, o, log)
	}()
	if client != nil {
		if err := client.Start(ctx); err != nil {
			cancel()
			<-done
			return nil, fmt.Errorf("start river: %w", err)
		}
	}
	stop = func(ctx context.Context) error {
		var err error
		if client != nil {
			// Soft stop: running jobs finish; at ctx's end they are
			// cancelled and put back (ErrInterrupted -> snooze 0).
			if err = client.Stop(ctx); err != nil {
				hard, c := context.WithTimeout(context.Background(), 30*time.Second)
				client.StopAndCancel(hard)
				c()
			}
		}
		cancel()
		<-done
		q.live.ForgetProcess(context.Background(), p.ID)
		return err
	}
	return stop, nil
}

// workingClient is a River client working the queues o asks for; nil for
// a process that works none.
func (q *Queue[TTx]) workingClient(r JobRunner, o Options) (*river.Client[TTx], error) {
	if o.Renders <= 0 && o.Previews <= 0 && o.Callbacks <= 0 {
		return nil, nil
	}
	workers := river.NewWorkers()
	river.AddWorker(workers, &ledgerWorker[RenderArgs]{r: r, jobID: func(a RenderArgs) int64 { return a.JobID }})
	river.AddWorker(workers, &ledgerWorker[PreviewArgs]{r: r, jobID: func(a PreviewArgs) int64 { return a.JobID }})
	river.AddWorker(workers, &callbackWorker{r: r, timeout: o.CallbackTimeout})
	river.AddWorker(workers, &segmentWorker{r: r})
	queues := map[string]river.QueueConfig{}
	if o.Renders > 0 {
		queues[Render] = river.QueueConfig{MaxWorkers: o.Renders}
		// Segments of split renders: as many at once as renders.
		queues[Segment] = river.QueueConfig{MaxWorkers: o.Renders}
	}
	if o.Previews > 0 {
		queues[Preview] = river.QueueConfig{MaxWorkers: o.Previews}
	}
	if o.Callbacks > 0 {
		queues[Callback] = river.QueueConfig{MaxWorkers: o.Callbacks}
	}
	client, err := river.NewClient(q.driver, &river.Config{
		ID:      o.ProcessID,
		Logger:  quietLogger(),
		Queues:  queues,
		Workers: workers,
		// Renders run as long as they need; the liveness rescue, not
		// River's timer, decides a worker died (River's own rescuer
		// stays as a backstop for a day-long hang).
		JobTimeout:           -1,
		RescueStuckJobsAfter: 24 * time.Hour,
		FetchPollInterval:    500 * time.Millisecond,
	})
	if err != nil {
		return nil, fmt.Errorf("river client: %w", err)
	}
	return client, nil
}

// heartbeatLoop records p alive every o.Heartbeat, prunes long-dead
// processes and rescues the running jobs of processes not seen for
// o.StaleAfter, until ctx ends.
func (q *Queue[TTx]) heartbeatLoop(ctx context.Context, p model.Process, o Options, log *slog.Logger) {
	tick := time.NewTicker(o.Heartbeat)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		p.SeenOn = time.Now()
		if err := q.live.Heartbeat(ctx, p); err != nil && ctx.Err() == nil {
			log.Error("heartbeat", "err", err)
		}
		q.live.PruneProcesses(ctx, time.Now().Add(-processRetention))
		n, err := q.live.RescueOrphans(ctx, p.ID, time.Now().Add(-o.StaleAfter))
		if err != nil && ctx.Err() == nil {
			log.Error("liveness rescue", "err", err)
		} else if n > 0 {
			log.Warn("re-queued jobs of a process that stopped heartbeating", "jobs", n)
		}
	}
}

package render

import (
	"context"
	"errors"
	"os"
	"strconv"
	"strings"

	"github.com/reelkit/reel/server/blob"
	"github.com/reelkit/reel/server/model"
)

// jobBlobPrefix is where a job's rendered files go: stamped per job, so a
// re-render never overwrites files being served.
func jobBlobPrefix(job *model.Job) string {
	return "videos/" + job.VideoID + "/" + strconv.FormatInt(job.ID, 10) + "-"
}

// publishedBy reports whether job already published v (its files are
// the ones v serves).
func publishedBy(v *model.Video, job *model.Job) bool {
	prefix := jobBlobPrefix(job)
	if job.Kind == model.JobPreview {
		return v.Preview != nil && strings.HasPrefix(v.Preview.Blob, prefix)
	}
	for _, rd := range v.Renditions {
		if strings.HasPrefix(rd.Blob, prefix) {
			return v.Status == model.StatusPublished
		}
	}
	return false
}

// publish moves the files into the blob store and publishes the video;
// an error (the blob store or database unreachable) leaves no file
// behind and is retried.
func (w *Worker) publish(ctx context.Context, job *model.Job, v *model.Video, out *Output) error {
	prefix := jobBlobPrefix(job)
	rends := map[int]model.Rendition{}
	// Until the video names them, the files are this attempt's alone:
	// any way out but publishing deletes them.
	var keys []string
	published := false
	defer func() {
		if !published {
			for _, k := range keys {
				w.blobs.Delete(ctx, k)
			}
		}
	}()
	for _, f := range out.Files {
		q := strconv.Itoa(f.Quality)
		rd := model.Rendition{Blob: prefix + q + ".mp4"}
		keys = append(keys, rd.Blob)
		n, err := putFile(ctx, w.blobs, rd.Blob, f.Video)
		if err != nil {
			return err
		}
		rd.Size = n
		if f.Thumbnail != "" {
			rd.ThumbBlob = prefix + q + ".jpg"
			keys = append(keys, rd.ThumbBlob)
			if rd.ThumbSize, err = putFile(ctx, w.blobs, rd.ThumbBlob, f.Thumbnail); err != nil {
				return err
			}
		}
		rends[f.Quality] = rd
	}
	var cur *model.Video
	var old model.Video
	for attempt := 0; ; attempt++ {
		// Re-read: the user may have deleted the video meanwhile, or
		// queued a render (a preview's video can change status).
		var err error
		cur, err = w.store.Video(ctx, v.UserID, v.ID)
		if errors.Is(err, model.ErrNotFound) {
			w.finish(job, "video deleted", nil)
			return nil
		}
		if err != nil {
			return err
		}
		old = *cur
		if job.Kind == model.JobPreview {
			p := rends[144]
			cur.Preview = &p
		} else {
			cur.Status = model.StatusPublished
			cur.Renditions = rends
			cur.Duration = out.Duration
			cur.Progress = 100
			cur.Error = ""
			cur.Warnings = out.Warnings
			cur.ModifiedOn = w.now()
		}
		err = w.store.UpdateVideo(ctx, cur)
		if errors.Is(err, model.ErrConflict) && attempt < 5 {
			continue
		}
		if err != nil {
			return err
		}
		break
	}
	// Published: from here on the files belong to the video (a retry
	// finds them through publishedBy), so nothing may delete them.
	published = true
	w.finish(job, "", w.callback(cur, job.Kind, ""))
	if job.Kind == model.JobPreview {
		if old.Preview != nil {
			w.deleteRendition(ctx, *old.Preview)
		}
	} else {
		for _, rd := range old.Renditions {
			w.deleteRendition(ctx, rd)
		}
	}
	return nil
}

// putFile copies the file at path into b under key and returns its size.
func putFile(ctx context.Context, b blob.Store, key, path string) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	return b.Put(ctx, key, f)
}

// deleteRendition removes one rendition's video and thumbnail blobs.
func (w *Worker) deleteRendition(ctx context.Context, rd model.Rendition) {
	w.blobs.Delete(ctx, rd.Blob)
	if rd.ThumbBlob != "" {
		w.blobs.Delete(ctx, rd.ThumbBlob)
	}
}

// DeleteFiles removes every rendered file of v (its renditions and
// preview) from the blob store: the API's delete of a video.
func (w *Worker) DeleteFiles(ctx context.Context, v *model.Video) {
	for _, rd := range v.Renditions {
		w.deleteRendition(ctx, rd)
	}
	if v.Preview != nil {
		w.deleteRendition(ctx, *v.Preview)
	}
}

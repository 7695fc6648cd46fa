// Package callback builds and delivers the app callbacks Picovico's API
// sends when a render or preview finishes (video.created,
// video.preview.created, video.failed, video.preview.failed).
//
// The body is built when the job finishes and queued in the transaction
// that finishes it (server/queue's callback queue), so a finished job has
// its callback exactly once; Sender then delivers it with a doubling
// backoff, giving one URL at most half of the delivery slots so a slow
// receiver does not hold up the others.
package callback

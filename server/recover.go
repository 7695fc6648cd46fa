package server

// The statements both stores run when they open, after migrating: jobs
// left running by a process that stopped (a crash, SIGKILL, a drain that
// timed out) are run again. A running preview whose video already has a
// newer preview queued is failed instead (one queued preview per video:
// the newer one covers it). The SQL is the same in SQLite and PostgreSQL.
const (
	sqlSupersedeRunningPreviews = `UPDATE jobs SET state='failed', error='superseded by a newer preview request'
		WHERE state='running' AND kind='preview' AND EXISTS(SELECT 1 FROM jobs k
			WHERE k.video_id=jobs.video_id AND k.kind='preview' AND k.state='queued')`
	sqlRequeueRunningJobs = `UPDATE jobs SET state='queued' WHERE state='running'`
)

// recoverStatements lists them in the order they must run.
func recoverStatements() []string {
	return []string{sqlSupersedeRunningPreviews, sqlRequeueRunningJobs}
}

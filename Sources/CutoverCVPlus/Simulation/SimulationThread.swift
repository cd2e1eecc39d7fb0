#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One thread of its own that runs a simulation's tasks, one job after the other.
///
/// A simulation is sequential: requests are handled one after the other, and the background
/// checks they enqueue, the controller and the store wait for them. On Swift's shared pool
/// those jobs still move between threads, each move waking a sleeping thread. Run with this
/// executor as its preference (`withTaskExecutorPreference`), the simulation's tasks — its
/// child tasks and the default actors they call included — take turns on one thread that is
/// already awake.
///
/// Once ``finish()`` is called the thread ends after the jobs it holds, and jobs enqueued
/// later go to the global executor, so a task that outlives the simulation still runs.
final class SimulationThread: TaskExecutor, @unchecked Sendable {
    // @unchecked: `jobs` and `finished` are only touched while `mutex` is held.
    private var jobs: [UnownedJob] = []
    private var finished = false
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    /// Starts the thread.
    init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
        pthread_detach(ThreadEntry.start { self.runJobs() })
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        pthread_mutex_lock(mutex)
        guard !finished else {
            pthread_mutex_unlock(mutex)
            globalConcurrentExecutor.enqueue(job)
            return
        }
        jobs.append(job)
        let wasIdle = jobs.count == 1
        pthread_mutex_unlock(mutex)
        if wasIdle { pthread_cond_signal(condition) }
    }

    /// Lets the thread end once the jobs it holds have run.
    func finish() {
        pthread_mutex_lock(mutex)
        finished = true
        pthread_mutex_unlock(mutex)
        pthread_cond_signal(condition)
    }

    private func runJobs() {
        var batch: [UnownedJob] = []
        while true {
            pthread_mutex_lock(mutex)
            while jobs.isEmpty && !finished {
                pthread_cond_wait(condition, mutex)
            }
            if jobs.isEmpty {
                pthread_mutex_unlock(mutex)
                return
            }
            swap(&batch, &jobs)
            pthread_mutex_unlock(mutex)
            for job in batch {
                job.runSynchronously(on: asUnownedTaskExecutor())
            }
            batch.removeAll(keepingCapacity: true)
        }
    }
}

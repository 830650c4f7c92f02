//! Work spread over the cores, the one way crampless does it: parsing a history's
//! chunks, analysing a squad's athletes, making report pages and importing many
//! files all go through [`map`] or [`map_with`].
//!
//! - Each worker takes the next item as it finishes one, so a few slow items (a
//!   large file, an athlete with years of data) do not hold up the rest.
//! - Results come back in the order of the items, whatever order they finished in:
//!   output and error messages are those of a single-threaded run.
//! - One item, or one core, runs on the caller's thread with no thread started.
//! - Panic policy: a panic in a worker is re-raised on the caller's thread with its
//!   own payload once every worker has stopped, so it reads as if the work had run
//!   there. No result is dropped silently and no thread outlives the call.

use std::sync::atomic::{AtomicUsize, Ordering};

/// The number of threads work is spread over: one per core. Asked of the system
/// once: on Linux the answer reads cgroup files, and an import reads back every row
/// it converts through the history reader, which asks it.
pub fn threads() -> usize {
    static THREADS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *THREADS.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// `work` on every item, on up to one thread per core, results in item order.
pub fn map<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    map_with(items, || (), |(), item| work(item))
}

/// `work` on every item, with per-worker state from `init` (e.g. an open archive),
/// on up to one thread per core, results in item order.
pub fn map_with<T: Sync, S, R: Send>(
    items: &[T],
    init: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, &T) -> R + Sync,
) -> Vec<R> {
    let threads = if items.len() > 1 { threads().min(items.len()) } else { 1 };
    if threads <= 1 {
        let mut state = init();
        return items.iter().map(|item| work(&mut state, item)).collect();
    }
    let next = AtomicUsize::new(0);
    let worker = || {
        let mut state = init();
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(index) else { break };
            done.push((index, work(&mut state, item)));
        }
        done
    };
    let mut results: Vec<(usize, R)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads).map(|_| scope.spawn(worker)).collect();
        // Join every worker before re-raising, so none is left running.
        let joined: Vec<_> = handles.into_iter().map(|h| h.join()).collect();
        let mut results = Vec::with_capacity(items.len());
        for outcome in joined {
            match outcome {
                Ok(done) => results.extend(done),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        results
    });
    results.sort_unstable_by_key(|(index, _)| *index);
    results.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_order_of_the_items() {
        let items: Vec<u64> = (0..500).collect();
        let out = map_with(
            &items,
            || 0u64,
            |calls, x| {
                *calls += 1;
                x * 2
            },
        );
        assert_eq!(out, items.iter().map(|x| x * 2).collect::<Vec<_>>());
        assert!(map_with(&[] as &[u8], || (), |_, x| *x).is_empty());
        assert_eq!(map(&[3u8, 1, 2], |x| u32::from(*x) + 1), [4, 2, 3]);
    }

    #[test]
    fn a_worker_panic_reaches_the_caller_with_its_message() {
        let items: Vec<u32> = (0..64).collect();
        let caught = std::panic::catch_unwind(|| {
            map(&items, |&x| {
                assert!(x != 41, "item {x} is bad");
                x
            })
        })
        .unwrap_err();
        let message = caught
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| caught.downcast_ref::<&str>().copied())
            .unwrap_or_default();
        assert_eq!(message, "item 41 is bad");
    }
}

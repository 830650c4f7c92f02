//! Work spread over the cores, the one way crampless does it: parsing a history's
//! chunks, analysing a squad's athletes, making report pages and importing many
//! files all go through [`map`] or [`map_with`]; reading a history while its
//! athletes are analysed goes through [`pipeline`].
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

/// `produce` on a thread of its own while `consume` takes what it sends, on the
/// caller's thread, in order: a file read ahead while what was read is worked on.
/// `produce` sends through the function it is given, which holds it back while
/// the item before is still waiting (so at most two items are in hand) and says
/// `false` once `consume` has failed: it should then stop. Returns what `produce`
/// returned, or `consume`'s first error. With one core, `consume` runs as each item
/// is sent, on the caller's thread. A panic on either side is re-raised on the
/// caller's thread once both have stopped.
pub fn pipeline<T: Send, P: Send, E>(
    produce: impl FnOnce(&mut dyn FnMut(T) -> bool) -> P + Send,
    mut consume: impl FnMut(T) -> Result<(), E>,
) -> Result<P, E> {
    if threads() <= 1 {
        let mut failed = None;
        let produced = produce(&mut |item| {
            if failed.is_none()
                && let Err(e) = consume(item)
            {
                failed = Some(e);
            }
            failed.is_none()
        });
        return failed.map_or(Ok(produced), Err);
    }
    std::thread::scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::sync_channel::<T>(1);
        let producer = scope.spawn(move || produce(&mut |item| sender.send(item).is_ok()));
        let mut failed = None;
        // A panic in `consume` must still let the producer stop before it is re-raised.
        let consumed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            for item in receiver.iter() {
                if let Err(e) = consume(item) {
                    failed = Some(e);
                    break;
                }
            }
            // Dropped here: a producer waiting to send is told to stop.
            drop(receiver);
        }));
        let produced = producer.join();
        if let Err(panic) = consumed {
            std::panic::resume_unwind(panic);
        }
        let produced = produced.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        failed.map_or(Ok(produced), Err)
    })
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

    #[test]
    fn a_pipeline_hands_over_every_item_in_order_until_the_consumer_fails() {
        let mut seen = Vec::new();
        let produced = pipeline(
            |send| (0..100u32).take_while(|&i| send(i)).count(),
            |i| {
                seen.push(i);
                Ok::<(), ()>(())
            },
        );
        assert_eq!(produced, Ok(100));
        assert_eq!(seen, (0..100).collect::<Vec<_>>());

        // The consumer fails at 10: its error comes back, and the producer is told
        // to stop (it sends at most a couple more, never all).
        let mut taken = 0;
        let offered = AtomicUsize::new(0);
        let failed = pipeline(
            |send| {
                for i in 0..1000u32 {
                    offered.fetch_add(1, Ordering::Relaxed);
                    if !send(i) {
                        return;
                    }
                }
            },
            |i| {
                taken = i;
                if i == 10 { Err("disk full") } else { Ok(()) }
            },
        );
        assert_eq!(failed, Err("disk full"));
        assert_eq!(taken, 10);
        assert!(offered.into_inner() <= 14, "the producer went on");
    }

    #[test]
    fn a_pipeline_panic_reaches_the_caller_with_its_message() {
        let message = |caught: Box<dyn std::any::Any + Send>| {
            caught
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| caught.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default()
        };
        let producer = std::panic::catch_unwind(|| {
            pipeline(
                |send| {
                    send(1u8);
                    panic!("the reader broke")
                },
                |_| Ok::<(), ()>(()),
            )
        });
        assert_eq!(message(producer.unwrap_err()), "the reader broke");
        let consumer = std::panic::catch_unwind(|| {
            pipeline(
                |send| (0..1000u32).take_while(|&i| send(i)).count(),
                |i| {
                    assert!(i != 5, "item {i} is bad");
                    Ok::<(), ()>(())
                },
            )
        });
        assert_eq!(message(consumer.unwrap_err()), "item 5 is bad");
    }
}

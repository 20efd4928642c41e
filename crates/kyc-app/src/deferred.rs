//! Work the app starts at launch on its own thread (opening the keychain and the
//! draft, starting the sandbox), so the window loads meanwhile instead of after it.
//! The first command that needs the result waits for it without holding a thread.

use std::sync::Arc;

use tokio::sync::watch;

use crate::AppError;

/// A value being made on another thread, or the reason it could not be.
pub struct Deferred<T> {
    made: watch::Receiver<Option<Result<Arc<T>, String>>>,
}

impl<T: Send + Sync + 'static> Deferred<T> {
    /// Starts `make` on a thread named `name`.
    pub fn start(name: &str, make: impl FnOnce() -> Result<T, String> + Send + 'static) -> Self {
        let (tx, made) = watch::channel(None);
        let work = name.to_owned();
        let make = move || {
            let started = std::time::Instant::now();
            let result = make().map(Arc::new);
            let ms = started.elapsed().as_millis() as u64;
            match &result {
                Ok(_) => tracing::info!(work = %work, ms, "start-up work done"),
                Err(problem) => tracing::error!(work = %work, ms, problem = %problem, "start-up work failed"),
            }
            tx.send_replace(Some(result));
        };
        if let Err(e) = std::thread::Builder::new().name(name.to_owned()).spawn(make) {
            return Deferred::now(Err(format!("the app could not start its work ({e})")));
        }
        Deferred { made }
    }

    /// A value that is already there.
    pub fn now(value: Result<T, String>) -> Self {
        let (_, made) = watch::channel(Some(value.map(Arc::new)));
        Deferred { made }
    }

    /// The value if it is already made, without waiting.
    pub fn ready(&self) -> Option<Arc<T>> {
        match &*self.made.borrow() {
            Some(Ok(value)) => Some(value.clone()),
            _ => None,
        }
    }

    /// The value, once made; the reason it could not be, as an `AppError` that says what to do.
    pub async fn get(&self) -> Result<Arc<T>, AppError> {
        let mut made = self.made.clone();
        let outcome = match made.wait_for(Option::is_some).await {
            Ok(made) => made.clone(),
            // The thread ended without a result: it panicked.
            Err(_) => None,
        };
        match outcome {
            Some(Ok(value)) => Ok(value),
            Some(Err(problem)) => Err(AppError::Internal { message: format!("{problem}. Restart the app.") }),
            None => Err(AppError::Internal { message: "the app failed while starting. Restart the app.".into() }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block_on<F: std::future::Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(future)
    }

    #[test]
    fn waits_for_the_value_made_on_another_thread() {
        let (release, released) = std::sync::mpsc::channel::<()>();
        let deferred = Deferred::start("test", move || {
            released.recv().map_err(|e| e.to_string())?;
            Ok(42)
        });
        assert!(deferred.made.borrow().is_none(), "not made before it may be");
        assert!(deferred.ready().is_none(), "and not ready");
        release.send(()).unwrap();
        assert_eq!(*block_on(deferred.get()).unwrap(), 42);
        assert_eq!(deferred.ready().as_deref(), Some(&42), "ready once made");
        assert_eq!(*block_on(deferred.get()).unwrap(), 42, "and keeps it");
    }

    #[test]
    fn a_failure_is_an_error_that_says_what_to_do_and_a_panic_does_not_hang() {
        let failed: Deferred<u8> = Deferred::start("test", || Err("the sandbox could not start".into()));
        let AppError::Internal { message } = block_on(failed.get()).unwrap_err() else { panic!("internal") };
        assert_eq!(message, "the sandbox could not start. Restart the app.");
        let panicked: Deferred<u8> = Deferred::start("test", || panic!("boom"));
        let AppError::Internal { message } = block_on(panicked.get()).unwrap_err() else { panic!("internal") };
        assert!(message.contains("Restart the app"), "{message}");
        assert!(!message.contains("boom"), "a panic's text is not shown");
    }
}

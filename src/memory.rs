//! Giving memory back to the system between the stages of a large build.
//!
//! A one-off build frees much of what it made at a few points (every article's body once
//! its page is made, every article's text before the other pages); the C allocator keeps
//! freed memory for the process, scattered among what is still in use. Asking it to return
//! what it can keeps the build's peak at what it holds, not at what it once held.

/// Returns the memory freed so far to the system, where the allocator can (glibc's
/// `malloc_trim`); elsewhere it does nothing.
pub fn return_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only reorganises the allocator's own free lists; it takes no
    // pointer and is safe to call from any thread at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}

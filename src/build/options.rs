//! What a build is asked to do: read by the build driver and by its fingerprint.

use crate::site::load::LoadOptions;

#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site's layout (its output folder among it), the as-of date and the base URL.
    pub load: LoadOptions,
    /// Include plans whose status is `draft`.
    pub drafts: bool,
    /// Serve mode: pages include the live-reload script.
    pub live_reload: bool,
    /// A build no rebuild follows (`planpress build`): it does nothing when the output was
    /// made from exactly these inputs (see [`super::fingerprint`]), and frees each file's
    /// text once it is decoded, reading bodies back when their pages are rendered. Watch
    /// sessions turn it off: they need the whole loaded site.
    pub one_shot: bool,
}

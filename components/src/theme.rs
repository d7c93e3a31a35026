//! The default theme: one stylesheet, injected once into `<head>` from Rust so mounting from
//! JavaScript needs no extra file. Everything is scoped under `.tessera-root` and driven by CSS
//! variables an app can override (`--tessera-color-primary`, `--tessera-radius`, `--tessera-font`, …).

/// The stylesheet (colours meet WCAG AA contrast on their backgrounds).
pub const STYLESHEET: &str = r#"
.tessera-root{--tessera-color-primary:#4f46e5;--tessera-color-primary-hover:#4338ca;--tessera-color-on-primary:#fff;--tessera-color-text:#18181b;--tessera-color-text-secondary:#52525b;--tessera-color-background:#fff;--tessera-color-muted:#f6f6f8;--tessera-color-border:#d4d4d8;--tessera-color-danger:#b42318;--tessera-color-danger-soft:#fef3f2;--tessera-color-focus:rgba(79,70,229,.28);--tessera-radius:.5rem;--tessera-font:ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;font-family:var(--tessera-font);font-size:.875rem;line-height:1.45;color:var(--tessera-color-text);box-sizing:border-box;-webkit-font-smoothing:antialiased}
.tessera-root *,.tessera-root *::before,.tessera-root *::after{box-sizing:inherit}
.tessera-card{width:25rem;max-width:calc(100vw - 2rem);background:var(--tessera-color-background);border:1px solid rgba(0,0,0,.08);border-radius:calc(var(--tessera-radius)*2);box-shadow:0 1px 2px rgba(16,24,40,.05),0 16px 40px -12px rgba(16,24,40,.22);overflow:hidden}
.tessera-card-body{padding:2.25rem 2.5rem 2.25rem}
.tessera-header{display:flex;flex-direction:column;align-items:center;text-align:center;margin-bottom:1.75rem}
.tessera-logo{width:2.75rem;height:2.75rem;margin-bottom:1rem;color:var(--tessera-color-primary)}
.tessera-title{margin:0 0 .25rem;font-size:1.125rem;font-weight:700;letter-spacing:-.01em}
.tessera-subtitle{margin:0;color:var(--tessera-color-text-secondary)}
.tessera-identity{display:inline-flex;align-items:center;gap:.375rem;margin-top:.875rem;padding:.25rem .25rem .25rem .75rem;border:1px solid var(--tessera-color-border);border-radius:999px;font-weight:500;max-width:100%}
.tessera-identity-text{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.tessera-icon-button{display:inline-flex;align-items:center;justify-content:center;width:1.75rem;height:1.75rem;border:0;border-radius:999px;background:none;color:var(--tessera-color-text-secondary);cursor:pointer}
.tessera-icon-button:hover{background:var(--tessera-color-muted);color:var(--tessera-color-text)}
.tessera-icon{width:1rem;height:1rem;flex:none}
.tessera-form{display:flex;flex-direction:column;gap:1.25rem;margin:0}
.tessera-row{display:grid;grid-auto-flow:column;grid-auto-columns:minmax(0,1fr);grid-template-rows:auto auto auto;column-gap:1rem}
.tessera-field{display:flex;flex-direction:column;gap:.375rem}
.tessera-row>.tessera-field{display:grid;grid-row:span 3;grid-template-rows:subgrid;row-gap:0}
.tessera-row>.tessera-field>:not(:first-child){margin-top:.375rem}
.tessera-field-head{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:baseline;column-gap:.5rem}
.tessera-label{font-weight:500;color:var(--tessera-color-text)}
.tessera-hint{color:var(--tessera-color-text-secondary);font-size:.8125rem}
.tessera-input{font:inherit;width:100%;padding:.5625rem .75rem;border:1px solid var(--tessera-color-border);border-radius:var(--tessera-radius);background:var(--tessera-color-background);color:var(--tessera-color-text);box-shadow:0 1px 2px rgba(16,24,40,.05);transition:border-color .15s,box-shadow .15s}
.tessera-input::placeholder{color:#71717a}
.tessera-input:hover{border-color:#a1a1aa}
.tessera-input:focus{outline:none;border-color:var(--tessera-color-primary);box-shadow:0 0 0 3px var(--tessera-color-focus)}
.tessera-input[aria-invalid=true]{border-color:var(--tessera-color-danger)}
.tessera-input[aria-invalid=true]:focus{box-shadow:0 0 0 3px rgba(180,35,24,.22)}
.tessera-field:has(>.tessera-input-code){container-type:inline-size}
.tessera-input-code{--tessera-gap:.5rem;--tessera-cell:min(3rem,calc((100cqw - 5*var(--tessera-gap))/6));--tessera-cell-line:var(--tessera-color-border);--tessera-cells:calc(6*var(--tessera-cell) + 5*var(--tessera-gap));width:calc(var(--tessera-cells) + 2rem);max-width:none;height:3.25rem;margin-right:-2rem;padding:0 0 0 calc((var(--tessera-cell) - 1ch)/2);font:600 1.375rem/1 ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;letter-spacing:calc(var(--tessera-cell) + var(--tessera-gap) - 1ch);border:0;border-radius:0;box-shadow:none;background:repeating-linear-gradient(90deg,var(--tessera-cell-line) 0 var(--tessera-cell),transparent 0 calc(var(--tessera-cell) + var(--tessera-gap))) 0 100%/var(--tessera-cells) 2px no-repeat,repeating-linear-gradient(90deg,var(--tessera-color-muted) 0 var(--tessera-cell),transparent 0 calc(var(--tessera-cell) + var(--tessera-gap))) 0 0/var(--tessera-cells) 100% no-repeat}
.tessera-input-code:hover{--tessera-cell-line:#a1a1aa}
.tessera-input-code:focus{--tessera-cell-line:var(--tessera-color-primary);box-shadow:none}
.tessera-input-code[aria-invalid=true]{--tessera-cell-line:var(--tessera-color-danger)}
.tessera-input-code[aria-invalid=true]:focus{box-shadow:none}
.tessera-field-error{display:flex;gap:.375rem;align-items:flex-start;margin:0;color:var(--tessera-color-danger);font-size:.8125rem}
.tessera-alert{display:flex;gap:.5rem;align-items:flex-start;margin:0;padding:.75rem .875rem;border:1px solid #fecdca;border-radius:var(--tessera-radius);background:var(--tessera-color-danger-soft);color:var(--tessera-color-danger)}
.tessera-button{font:inherit;font-weight:600;display:inline-flex;align-items:center;justify-content:center;gap:.5rem;width:100%;min-height:2.5rem;padding:.625rem 1rem;border:0;border-radius:var(--tessera-radius);background:var(--tessera-color-primary);color:var(--tessera-color-on-primary);cursor:pointer;box-shadow:0 1px 2px rgba(16,24,40,.12),inset 0 1px 0 rgba(255,255,255,.14);transition:background .15s}
.tessera-button:hover{background:var(--tessera-color-primary-hover)}
.tessera-button:disabled{cursor:progress;background:var(--tessera-color-primary-hover)}
.tessera-link{font:inherit;font-weight:500;padding:0;border:0;background:none;color:var(--tessera-color-primary);cursor:pointer;text-decoration:none;border-radius:.25rem}
.tessera-link:hover{text-decoration:underline}
.tessera-root :is(button,a,input):focus-visible{outline:2px solid var(--tessera-color-primary);outline-offset:2px}
.tessera-root .tessera-input:focus-visible{outline:none}
.tessera-actions{display:flex;flex-direction:column;align-items:center;gap:.75rem;margin-top:1.25rem}
.tessera-spinner{display:inline-block;width:1rem;height:1rem;border:2px solid rgba(255,255,255,.4);border-top-color:currentColor;border-radius:50%;animation:tessera-spin .7s linear infinite}
.tessera-loading{display:flex;justify-content:center;padding:4rem 0;color:var(--tessera-color-primary)}
.tessera-loading .tessera-spinner{width:1.75rem;height:1.75rem;border-color:var(--tessera-color-focus);border-top-color:currentColor}
@keyframes tessera-spin{to{transform:rotate(360deg)}}
.tessera-footer{padding:1.125rem 2.5rem;border-top:1px solid rgba(0,0,0,.06);background:var(--tessera-color-muted);text-align:center;color:var(--tessera-color-text-secondary)}
.tessera-footer .tessera-link{margin-left:.25rem}
.tessera-user-button{position:relative;display:inline-block}
.tessera-user-button-trigger{display:inline-flex;padding:0;border:0;border-radius:999px;background:none;cursor:pointer}
.tessera-user-button-trigger:hover .tessera-avatar{box-shadow:0 0 0 3px var(--tessera-color-focus)}
.tessera-avatar{display:inline-flex;align-items:center;justify-content:center;width:2rem;height:2rem;border-radius:999px;overflow:hidden;flex:none;background:var(--tessera-color-primary);color:var(--tessera-color-on-primary);font-weight:600;font-size:.8125rem;object-fit:cover}
.tessera-avatar-large{width:2.75rem;height:2.75rem;font-size:1rem}
.tessera-menu{position:absolute;right:0;top:calc(100% + .5rem);z-index:1000;width:20rem;max-width:calc(100vw - 1rem);background:var(--tessera-color-background);border:1px solid rgba(0,0,0,.08);border-radius:calc(var(--tessera-radius)*1.5);box-shadow:0 4px 6px -2px rgba(16,24,40,.05),0 16px 32px -8px rgba(16,24,40,.2);overflow:hidden;animation:tessera-pop .12s ease-out}
@keyframes tessera-pop{from{opacity:0;transform:translateY(-4px)}}
.tessera-menu-header{display:flex;align-items:center;gap:.875rem;padding:1.125rem 1.25rem}
.tessera-menu-identity{display:flex;flex-direction:column;flex:1;min-width:0}
.tessera-menu-name{font-weight:600;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.tessera-menu-email{color:var(--tessera-color-text-secondary);overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.tessera-menu-items{display:flex;flex-direction:column;padding:.375rem;border-top:1px solid rgba(0,0,0,.07)}
.tessera-menu-item{font:inherit;display:flex;align-items:center;gap:.875rem;width:100%;padding:.625rem .875rem;border:0;border-radius:var(--tessera-radius);background:none;color:var(--tessera-color-text);text-align:left;cursor:pointer}
.tessera-menu-item .tessera-icon{color:var(--tessera-color-text-secondary)}
.tessera-menu-item:hover,.tessera-menu-item:focus{outline:none;background:var(--tessera-color-muted)}
.tessera-root .tessera-menu-item:focus-visible{outline:2px solid var(--tessera-color-primary);outline-offset:-2px}
.tessera-visually-hidden{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
"#;

#[cfg(target_arch = "wasm32")]
const STYLE_ID: &str = "tessera-styles";

/// Add the stylesheet to `<head>` unless it is there already.
pub fn inject_styles() {
    #[cfg(target_arch = "wasm32")]
    {
        thread_local! {
            static DONE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
        }
        if DONE.with(std::cell::Cell::get) {
            return;
        }
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        if document.get_element_by_id(STYLE_ID).is_none() {
            let Ok(style) = document.create_element("style") else {
                return;
            };
            style.set_id(STYLE_ID);
            style.set_text_content(Some(STYLESHEET));
            let parent = document
                .head()
                .map(web_sys::Element::from)
                .or_else(|| document.document_element());
            if let Some(parent) = parent {
                let _ = parent.append_child(&style);
            }
        }
        DONE.with(|d| d.set(true));
    }
}

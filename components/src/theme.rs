//! The default theme: stylesheets injected into `<head>` from Rust (so mounting from JavaScript needs
//! no extra file), each once and only when a component that uses it renders. Everything is scoped
//! under `.tessera-root` and driven by CSS variables an app can override
//! (`--tessera-color-primary`, `--tessera-radius`, `--tessera-font`, …).

/// One stylesheet of the theme: injected once, as `<style id="tessera-styles-<name>">`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sheet {
    pub name: &'static str,
    pub css: &'static str,
}

/// Root variables, card, fields, buttons, alerts, links: every component (colours meet WCAG AA
/// contrast on their backgrounds).
pub const BASE: Sheet = Sheet {
    name: "base",
    css: r#"
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
.tessera-visually-hidden{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
"#,
};

/// Avatars and menus: UserButton and OrganizationSwitcher.
pub const MENU: Sheet = Sheet {
    name: "menu",
    css: r#"
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
"#,
};

/// OrganizationSwitcher, CreateOrganization, OrganizationProfile: navigation, sections, tables,
/// tabs, selects, secondary and danger buttons.
pub const ORGANIZATIONS: Sheet = Sheet {
    name: "organizations",
    css: r#"
.tessera-profile{width:58rem;max-width:calc(100vw - 2rem);display:grid;grid-template-columns:15rem minmax(0,1fr);min-height:34rem}
.tessera-profile-nav{display:flex;flex-direction:column;gap:1.5rem;padding:1.5rem 1rem;background:var(--tessera-color-muted);border-right:1px solid rgba(0,0,0,.06)}
.tessera-profile-nav-head{display:flex;align-items:center;gap:.75rem;padding:0 .5rem;min-width:0}
.tessera-profile-nav-identity{display:flex;flex-direction:column;min-width:0}
.tessera-profile-nav-title{font-weight:700;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.tessera-profile-nav-description{color:var(--tessera-color-text-secondary);font-size:.8125rem}
.tessera-nav-items{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:.125rem}
.tessera-nav-item{font:inherit;font-weight:500;display:flex;align-items:center;gap:.625rem;width:100%;padding:.5rem .75rem;border:0;border-radius:var(--tessera-radius);background:none;color:var(--tessera-color-text-secondary);text-align:left;cursor:pointer;transition:background .15s,color .15s}
.tessera-nav-item:hover{background:rgba(0,0,0,.04);color:var(--tessera-color-text)}
.tessera-nav-item[aria-current=page]{background:var(--tessera-color-background);color:var(--tessera-color-text);box-shadow:0 1px 2px rgba(16,24,40,.08),0 0 0 1px rgba(0,0,0,.05)}
.tessera-nav-item[aria-current=page] .tessera-icon{color:var(--tessera-color-primary)}
.tessera-profile-content{padding:2rem 2.25rem;min-width:0}
.tessera-page{display:flex;flex-direction:column;gap:1.5rem}
.tessera-page-header{display:flex;align-items:center;justify-content:space-between;gap:1rem;min-height:2rem;padding-bottom:1rem;border-bottom:1px solid rgba(0,0,0,.07)}
.tessera-page-header-stacked{flex-direction:column;align-items:flex-start;gap:.25rem}
.tessera-page-title{margin:0;font-size:1.0625rem;font-weight:700;letter-spacing:-.01em}
.tessera-page-title:focus{outline:none}
.tessera-page-subtitle{margin:0;color:var(--tessera-color-text-secondary)}
.tessera-section{display:grid;grid-template-columns:10rem minmax(0,1fr);gap:1rem;padding-bottom:1.5rem;border-bottom:1px solid rgba(0,0,0,.07)}
.tessera-section:last-child{padding-bottom:0;border-bottom:0}
.tessera-section-title{margin:0;padding-top:.375rem;font-size:.875rem;font-weight:600}
.tessera-section-body{display:flex;flex-direction:column;gap:.75rem;min-width:0}
.tessera-section-row{display:flex;align-items:center;justify-content:space-between;gap:1rem}
.tessera-org-summary{display:flex;align-items:center;gap:.875rem;min-width:0}
.tessera-org-identity{display:flex;flex-direction:column;min-width:0}
.tessera-org-name{font-weight:600;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.tessera-org-slug{color:var(--tessera-color-text-secondary);font-size:.8125rem}
.tessera-avatar-organization{border-radius:calc(var(--tessera-radius)*.9)}
.tessera-profile-form{padding:1.25rem;border:1px solid rgba(0,0,0,.08);border-radius:calc(var(--tessera-radius)*1.5);box-shadow:0 1px 2px rgba(16,24,40,.05)}
.tessera-form-title{margin:0;font-size:.9375rem;font-weight:600}
.tessera-logo-field{display:flex;align-items:center;gap:1rem}
.tessera-logo-field-body{display:flex;flex-direction:column;gap:.375rem;min-width:0}
.tessera-logo-field-actions{position:relative;display:flex;gap:.5rem}
.tessera-file-input{position:absolute;width:1px;height:1px;opacity:0;overflow:hidden}
.tessera-root .tessera-file-input:focus-visible+label{outline:2px solid var(--tessera-color-primary);outline-offset:2px}
.tessera-form-actions{display:flex;justify-content:flex-end;gap:.5rem}
.tessera-form-actions .tessera-button{width:auto}
.tessera-button-secondary,.tessera-button-danger,.tessera-button-danger-outline{font:inherit;font-weight:500;display:inline-flex;align-items:center;justify-content:center;gap:.5rem;min-height:2.5rem;padding:.5rem 1rem;border:1px solid var(--tessera-color-border);border-radius:var(--tessera-radius);background:var(--tessera-color-background);color:var(--tessera-color-text);white-space:nowrap;cursor:pointer;box-shadow:0 1px 2px rgba(16,24,40,.05);transition:background .15s,border-color .15s,filter .15s}
.tessera-button-secondary:hover{background:var(--tessera-color-muted);border-color:#a1a1aa}
.tessera-button-danger{border-color:transparent;background:var(--tessera-color-danger);color:#fff;font-weight:600}
.tessera-button-danger:hover{filter:brightness(.9)}
.tessera-button-danger-outline{border-color:#fecdca;color:var(--tessera-color-danger)}
.tessera-button-danger-outline:hover{background:var(--tessera-color-danger-soft)}
.tessera-button-secondary:disabled,.tessera-button-danger:disabled,.tessera-button-danger-outline:disabled{opacity:.5;cursor:default;filter:none}
.tessera-button-danger[aria-busy=true],.tessera-button-danger-outline[aria-busy=true]{cursor:progress}
.tessera-button-danger .tessera-spinner{border-color:rgba(255,255,255,.4);border-top-color:#fff}
.tessera-button-secondary .tessera-spinner,.tessera-button-danger-outline .tessera-spinner{border-color:var(--tessera-color-focus);border-top-color:currentColor}
.tessera-button-small{min-height:2rem;padding:.3125rem .75rem;font-size:.8125rem}
.tessera-button-inline{width:auto}
.tessera-danger-row{display:flex;align-items:center;justify-content:space-between;gap:1rem;min-height:2rem}
.tessera-danger-title{font-weight:500}
.tessera-confirm{display:flex;flex-direction:column;gap:.875rem;margin:0;padding:1rem 1.125rem;border:1px solid #fecdca;border-radius:calc(var(--tessera-radius)*1.5);background:var(--tessera-color-danger-soft);animation:tessera-pop .12s ease-out}
.tessera-confirm-text{margin:0}
.tessera-confirm-warning{color:var(--tessera-color-danger);font-weight:500}
.tessera-notice{margin:0;padding:.625rem .875rem;border:1px solid #abefc6;border-radius:var(--tessera-radius);background:#ecfdf3;color:#067647}
.tessera-tabs{display:flex;gap:1.5rem;margin-bottom:-.5rem;border-bottom:1px solid rgba(0,0,0,.08)}
.tessera-tab{font:inherit;font-weight:500;margin-bottom:-1px;padding:.5rem 0;border:0;border-bottom:2px solid transparent;background:none;color:var(--tessera-color-text-secondary);cursor:pointer}
.tessera-tab:hover{color:var(--tessera-color-text)}
.tessera-tab[aria-selected=true]{border-bottom-color:var(--tessera-color-primary);color:var(--tessera-color-text)}
.tessera-table-block{display:flex;flex-direction:column;gap:1rem}
.tessera-search{position:relative;max-width:18rem}
.tessera-search-icon{position:absolute;left:.75rem;top:50%;transform:translateY(-50%);color:var(--tessera-color-text-secondary);pointer-events:none}
.tessera-root .tessera-search-input{padding-left:2.25rem}
.tessera-table-wrap{overflow-x:auto;border:1px solid rgba(0,0,0,.08);border-radius:calc(var(--tessera-radius)*1.5)}
.tessera-table{width:100%;border-collapse:collapse;font-size:.8125rem}
.tessera-table th{padding:.625rem 1rem;border-bottom:1px solid rgba(0,0,0,.07);background:var(--tessera-color-muted);color:var(--tessera-color-text-secondary);font-weight:500;text-align:left;white-space:nowrap}
.tessera-table td{padding:.75rem 1rem;border-bottom:1px solid rgba(0,0,0,.06);vertical-align:middle}
.tessera-table tbody tr:last-child td{border-bottom:0}
.tessera-table :is(th,td):first-child{width:100%;max-width:0}
.tessera-table .tessera-truncate{display:block}
.tessera-table tbody tr:hover td{background:rgba(0,0,0,.015)}
.tessera-table[aria-busy=true] tbody{opacity:.6;transition:opacity .15s}
.tessera-table .tessera-cell-muted{color:var(--tessera-color-text-secondary);white-space:nowrap}
.tessera-table .tessera-cell-actions{text-align:right;white-space:nowrap}
.tessera-table .tessera-cell-empty{padding:2.5rem 1rem;text-align:center;color:var(--tessera-color-text-secondary)}
.tessera-spinner-muted{border-color:var(--tessera-color-focus);border-top-color:var(--tessera-color-primary)}
.tessera-member{display:flex;align-items:center;gap:.75rem;min-width:0}
.tessera-member-identity{display:flex;flex-direction:column;min-width:0}
.tessera-member-name{display:flex;align-items:center;gap:.5rem;min-width:0;font-size:.875rem;font-weight:500}
.tessera-member-email{color:var(--tessera-color-text-secondary);overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.tessera-truncate{min-width:0;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.tessera-invitation-email{font-size:.875rem;font-weight:500}
.tessera-badge{flex:none;padding:.0625rem .4375rem;border:1px solid rgba(0,0,0,.08);border-radius:999px;background:var(--tessera-color-muted);color:var(--tessera-color-text-secondary);font-size:.6875rem;font-weight:600}
.tessera-select{font:inherit;font-size:.8125rem;padding:.3125rem 2rem .3125rem .625rem;border:1px solid var(--tessera-color-border);border-radius:var(--tessera-radius);background:var(--tessera-color-background) url("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16' fill='none' stroke='%2371717a' stroke-width='1.5' stroke-linecap='round' stroke-linejoin='round'%3E%3Cpath d='M4.5 6.5L8 10l3.5-3.5'/%3E%3C/svg%3E") no-repeat right .5rem center/1rem;color:var(--tessera-color-text);-webkit-appearance:none;appearance:none;cursor:pointer;transition:border-color .15s,box-shadow .15s}
.tessera-select:hover{border-color:#a1a1aa}
.tessera-select:focus{outline:none;border-color:var(--tessera-color-primary);box-shadow:0 0 0 3px var(--tessera-color-focus)}
.tessera-select:disabled{opacity:.6;cursor:progress}
.tessera-select-block{width:100%;padding:.5625rem 2rem .5625rem .75rem;font-size:.875rem;box-shadow:0 1px 2px rgba(16,24,40,.05)}
.tessera-inline-actions{display:inline-flex;gap:.375rem}
.tessera-pagination{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:1rem;color:var(--tessera-color-text-secondary);font-size:.8125rem}
.tessera-pagination-text{margin:0}
.tessera-pagination-range,.tessera-pagination-total{color:var(--tessera-color-text);font-weight:600;font-variant-numeric:tabular-nums}
.tessera-pagination-buttons{display:flex;gap:.5rem}
@media (max-width:44rem){.tessera-profile{grid-template-columns:minmax(0,1fr);min-height:0}.tessera-profile-nav{gap:.75rem;padding:1rem 1.25rem 0;border-right:0;border-bottom:1px solid rgba(0,0,0,.06)}.tessera-nav-items{flex-direction:row;gap:1.25rem}.tessera-nav-item,.tessera-nav-item:hover,.tessera-nav-item[aria-current=page]{width:auto;padding:.5rem .125rem;border-bottom:2px solid transparent;border-radius:0;background:none;box-shadow:none}.tessera-nav-item[aria-current=page]{border-bottom-color:var(--tessera-color-primary)}.tessera-profile-content{padding:1.5rem 1.25rem}.tessera-section{grid-template-columns:minmax(0,1fr);gap:.5rem}.tessera-section-row{flex-wrap:wrap}.tessera-table .tessera-col-secondary{display:none}.tessera-table :is(th,td){padding-left:.75rem;padding-right:.75rem}}
.tessera-organization-switcher{position:relative;display:inline-block}
.tessera-org-switcher-trigger{font:inherit;font-weight:500;display:inline-flex;align-items:center;gap:.5rem;max-width:16rem;padding:.3125rem .5rem .3125rem .3125rem;border:1px solid transparent;border-radius:var(--tessera-radius);background:none;color:var(--tessera-color-text);cursor:pointer;transition:background .15s,border-color .15s}
.tessera-org-switcher-trigger:hover,.tessera-organization-switcher[data-open] .tessera-org-switcher-trigger{background:var(--tessera-color-muted);border-color:rgba(0,0,0,.06)}
.tessera-org-switcher-trigger[aria-busy=true]{cursor:progress}
.tessera-org-switcher-trigger .tessera-avatar{width:1.75rem;height:1.75rem;font-size:.75rem}
.tessera-org-switcher-name{min-width:0;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.tessera-org-switcher-placeholder{color:var(--tessera-color-text-secondary)}
.tessera-org-switcher-chevron{color:var(--tessera-color-text-secondary)}
.tessera-root .tessera-org-switcher-menu{left:0;right:auto;width:22rem}
.tessera-root .tessera-org-switcher-menu[data-align=end]{left:auto;right:0}
.tessera-org-switcher-current{flex-wrap:wrap;row-gap:.625rem}
.tessera-org-switcher-current .tessera-menu-identity{min-width:8rem}
.tessera-org-switcher-current .tessera-org-switcher-manage{flex:none;gap:.375rem}
.tessera-org-switcher-current .tessera-org-switcher-manage .tessera-icon{color:var(--tessera-color-text-secondary)}
.tessera-org-switcher-menu>.tessera-alert{margin:0 .75rem .75rem}
.tessera-org-switcher-list{max-height:18rem;overflow-y:auto}
.tessera-org-switcher-item[aria-disabled=true]{cursor:default}
.tessera-org-switcher-item[aria-busy=true]{cursor:progress}
.tessera-org-switcher-item .tessera-spinner{margin-left:auto}
.tessera-org-switcher-text{display:flex;flex-direction:column;flex:1;min-width:0}
.tessera-org-switcher-item-name{font-weight:500;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.tessera-org-switcher-item-role{color:var(--tessera-color-text-secondary);font-size:.75rem}
.tessera-org-switcher-invitation{display:flex;align-items:center;gap:.875rem;padding:.5rem .5rem .5rem .875rem}
.tessera-org-switcher-invitation .tessera-button-secondary{flex:none}
.tessera-org-switcher-invitation [aria-disabled=true]:not([aria-busy=true]){opacity:.5;cursor:default}
.tessera-org-switcher-add{display:inline-flex;align-items:center;justify-content:center;width:2rem;height:2rem;flex:none;border:1px dashed var(--tessera-color-border);border-radius:calc(var(--tessera-radius)*.9)}
.tessera-textarea{min-height:5rem;resize:vertical;line-height:1.45}
.tessera-org-switcher-menu:focus{outline:none}
.tessera-section-stack{display:flex;flex-direction:column;gap:.75rem;min-width:0}
.tessera-identifications,.tessera-devices{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:.5rem}
.tessera-identification{display:flex;flex-direction:column;gap:.75rem}
.tessera-identification-head{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.5rem 1rem;min-height:2rem}
.tessera-identification-text{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem;min-width:0}
.tessera-identification-value{overflow:hidden;text-overflow:ellipsis;white-space:nowrap;font-weight:500}
.tessera-add-button{align-self:flex-start;padding:.25rem 0}
.tessera-password-dots{letter-spacing:.15em;color:var(--tessera-color-text-secondary)}
.tessera-factor-title{display:inline-flex;align-items:center;gap:.5rem;font-weight:500}
.tessera-factor-title .tessera-icon{color:var(--tessera-color-text-secondary)}
.tessera-checkbox-field{display:flex;align-items:flex-start;gap:.625rem}
.tessera-checkbox{width:1rem;height:1rem;margin:.15rem 0 0;accent-color:var(--tessera-color-primary);flex:none}
.tessera-checkbox-text{display:flex;flex-direction:column;gap:.125rem}
.tessera-checkbox-text .tessera-hint{margin:0}
.tessera-loading-inline{display:flex;justify-content:center;padding:1.25rem 0}
.tessera-totp{display:flex;flex-direction:column;gap:.75rem}
.tessera-totp-qr{align-self:center;padding:.5rem;border:1px solid rgba(0,0,0,.08);border-radius:var(--tessera-radius);background:#fff}
.tessera-qr{display:block;width:10.5rem;height:10.5rem}
.tessera-totp-secret{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem}
.tessera-secret{padding:.375rem .625rem;border-radius:var(--tessera-radius);background:var(--tessera-color-muted);font:500 .8125rem/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;letter-spacing:.06em;word-break:break-all}
.tessera-backup-codes{display:flex;flex-direction:column;gap:.75rem}
.tessera-backup-codes-title:focus{outline:none}
.tessera-code-grid{list-style:none;margin:0;padding:.75rem;display:grid;grid-template-columns:repeat(auto-fill,minmax(7rem,1fr));gap:.5rem 1rem;border:1px solid rgba(0,0,0,.08);border-radius:var(--tessera-radius);background:var(--tessera-color-muted);font:500 .875rem/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;text-align:center}
.tessera-root a.tessera-button-secondary{text-decoration:none}
.tessera-device{display:flex;align-items:flex-start;gap:.875rem;padding:.75rem 0;border-bottom:1px solid rgba(0,0,0,.06)}
.tessera-device:last-child{border-bottom:0}
.tessera-device-icon{width:1.75rem;height:1.75rem;margin-top:.125rem;color:var(--tessera-color-text-secondary)}
.tessera-device-details{display:flex;flex-direction:column;gap:.125rem;flex:1;min-width:0}
.tessera-device-name{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem;font-weight:500}
.tessera-device-line{color:var(--tessera-color-text-secondary);font-size:.8125rem;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
"#,
};

/// Add [`BASE`], then `sheets` in the order given, to `<head>`, each once: a component injects
/// what it uses, so a page with SignIn alone carries no table styles. Components name their sheets
/// in the order they are declared here (a later sheet may refine an earlier one), and every
/// component that needs [`ORGANIZATIONS`] names [`MENU`] before it, so the page's order is always
/// base, menu, organizations. (Only the sheets named are linked into a bundle.)
pub fn inject_styles(sheets: &[Sheet]) {
    inject(BASE);
    for sheet in sheets {
        inject(*sheet);
    }
}

fn inject(sheet: Sheet) {
    #[cfg(target_arch = "wasm32")]
    {
        thread_local! {
            static DONE: std::cell::RefCell<Vec<&'static str>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        if DONE.with(|d| d.borrow().contains(&sheet.name)) {
            return;
        }
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let id = format!("tessera-styles-{}", sheet.name);
        if document.get_element_by_id(&id).is_none() {
            let Ok(style) = document.create_element("style") else {
                return;
            };
            style.set_id(&id);
            style.set_text_content(Some(sheet.css));
            let parent = document
                .head()
                .map(web_sys::Element::from)
                .or_else(|| document.document_element());
            if let Some(parent) = parent {
                let _ = parent.append_child(&style);
            }
        }
        DONE.with(|d| d.borrow_mut().push(sheet.name));
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = sheet;
}

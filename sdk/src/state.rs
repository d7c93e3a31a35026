//! The signed-in state the app renders from: environment, client, sessions, active session, user.
//! A [`Snapshot`] is immutable and shared (`Rc`); the [`Store`] swaps in a new one only when something
//! changed, so `getSnapshot()` returns the same object until then (what `useSyncExternalStore` needs).

use std::cell::{Cell, RefCell};
use std::fmt;
use std::rc::Rc;

use crate::auth::Auth;
use crate::model::{
    Client, Environment, Organization, OrganizationMembership, Session, SessionClaims, User,
};

/// Everything the app knows about authentication at one moment. The objects are shared (`Rc`):
/// a new snapshot copies pointers, not trees.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// `load()` finished: the environment and client were fetched.
    pub is_loaded: bool,
    pub(crate) environment: Option<Rc<Environment>>,
    /// The whole client as the server last sent it.
    pub(crate) client: Option<Rc<Client>>,
    /// The claims of the active session's current token (changes with every refresh).
    pub(crate) session_claims: Option<Rc<SessionClaims>>,
}

/// Whether anything changed: the objects compare by the JSON the server sent (the same `Rc` is
/// equal without looking).
impl PartialEq for Snapshot {
    fn eq(&self, other: &Self) -> bool {
        fn same<T: PartialEq>(a: &Option<Rc<T>>, b: &Option<Rc<T>>) -> bool {
            match (a, b) {
                (Some(a), Some(b)) => Rc::ptr_eq(a, b) || a == b,
                (None, None) => true,
                _ => false,
            }
        }
        self.is_loaded == other.is_loaded
            && same(&self.environment, &other.environment)
            && same(&self.client, &other.client)
            && same(&self.session_claims, &other.session_claims)
    }
}

impl Snapshot {
    /// The instance's environment, once loaded.
    pub fn environment(&self) -> Option<&Environment> {
        self.environment.as_deref()
    }

    /// The client, once loaded (none before the browser has one).
    pub fn client(&self) -> Option<&Client> {
        self.client.as_deref()
    }

    /// The claims of the active session's current token.
    pub fn session_claims(&self) -> Option<&SessionClaims> {
        self.session_claims.as_deref()
    }

    /// All sessions of the client, active or not.
    pub fn sessions(&self) -> &[Session] {
        self.client().map_or(&[], |c| c.sessions.as_slice())
    }

    /// The session in use: the client's last active one, if it is still active.
    pub fn active_session(&self) -> Option<&Session> {
        self.client()?
            .last_active_session()
            .filter(|s| s.is_active())
    }

    /// The user of the active session.
    pub fn user(&self) -> Option<&User> {
        self.active_session()?.user.as_ref()
    }

    /// Whether someone is signed in.
    pub fn is_signed_in(&self) -> bool {
        self.active_session().is_some()
    }

    /// Who is signed in, and as what.
    pub fn auth(&self) -> Auth {
        Auth::of(self)
    }

    /// The organization the active session works in.
    pub fn active_organization_id(&self) -> Option<&str> {
        self.active_session()?
            .last_active_organization_id
            .as_deref()
    }

    /// The user's membership in the active organization (`None` in the personal account).
    pub fn active_membership(&self) -> Option<&OrganizationMembership> {
        let session = self.active_session()?;
        let id = session.last_active_organization_id.as_deref()?;
        let user = session.user.as_ref()?;
        user.organization_memberships
            .iter()
            .find(|m| m.organization.id == id)
    }

    /// The active organization, as the user's membership in it shows it.
    pub fn active_organization(&self) -> Option<&Organization> {
        self.active_membership().map(|m| &m.organization)
    }
}

/// Identifies a listener, to remove it again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ListenerId(u64);

type Listener = Rc<dyn Fn(&Rc<Snapshot>)>;

/// Holds the current snapshot and tells listeners of every change.
#[derive(Default)]
pub struct Store {
    current: RefCell<Rc<Snapshot>>,
    listeners: RefCell<Vec<(ListenerId, Listener)>>,
    next_id: Cell<u64>,
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store")
            .field("current", &self.current.borrow())
            .field("listeners", &self.listeners.borrow().len())
            .finish()
    }
}

impl Store {
    /// The current snapshot: the same `Rc` until something changes.
    pub fn snapshot(&self) -> Rc<Snapshot> {
        Rc::clone(&self.current.borrow())
    }

    /// Call `listener` after every change, with the new snapshot.
    pub fn subscribe(&self, listener: impl Fn(&Rc<Snapshot>) + 'static) -> ListenerId {
        let id = ListenerId(self.next_id.get());
        self.next_id.set(id.0 + 1);
        self.listeners.borrow_mut().push((id, Rc::new(listener)));
        id
    }

    /// Stop calling a listener.
    pub fn unsubscribe(&self, id: ListenerId) {
        self.listeners.borrow_mut().retain(|(l, _)| *l != id);
    }

    /// Apply `change` to a copy of the state; if the result differs, publish it and notify.
    /// Returns whether anything changed.
    pub fn update(&self, change: impl FnOnce(&mut Snapshot)) -> bool {
        let mut next = Snapshot::clone(&self.current.borrow());
        change(&mut next);
        if next == **self.current.borrow() {
            return false;
        }
        let next = Rc::new(next);
        *self.current.borrow_mut() = Rc::clone(&next);
        // Listeners may subscribe, unsubscribe or read the store: call them on a copy of the list.
        let listeners: Vec<Listener> = self
            .listeners
            .borrow()
            .iter()
            .map(|(_, l)| Rc::clone(l))
            .collect();
        for listener in listeners {
            listener(&next);
        }
        true
    }

    /// Replace the whole client (every mutation's envelope carries the fresh one).
    pub fn replace_client(&self, client: Option<Client>) -> bool {
        self.update(|s| s.client = client.map(Rc::new))
    }
}

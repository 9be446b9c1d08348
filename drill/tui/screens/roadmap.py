"""The ML career roadmap: contents, pages with items to tick, search, back and forward."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import (
    DataTable,
    Header,
    Input,
    Markdown,
    OptionList,
    Static,
)
from textual.widgets.option_list import Option

from drill.clock import epoch_ms
from drill.review import Filters
from drill.roadmap import ROLE_TITLES, load
from drill.roadmap_pages import SHORT_ROLES, Page, pages, search, stars
from drill.roadmap_types import ROLE_SLUGS
from drill.tui.context import UsesContext
from drill.tui.fresh import StyledOnce
from drill.tui.saving import reports_store_errors
from drill.tui.typeahead import TypeAhead
from drill.tui.widgets import Checklist, DrillFooter


class RoadmapScreen(StyledOnce, TypeAhead, UsesContext, Screen[None]):
    BINDINGS = [
        Binding("slash", "search", "Search",
                tooltip="search all the roadmap's text", id="roadmap.search"),
        Binding("left_square_bracket", "back", "Back",
                tooltip="back to the page before", id="roadmap.back"),
        Binding("right_square_bracket", "forward", "Forward",
                tooltip="forward again", id="roadmap.forward"),
        Binding("t", "target", "Target role",
                tooltip="on a role's page: make it your target role", id="roadmap.target"),
        Binding("h", "highlight", "Highlight role",
                tooltip="on the skill matrix: highlight another role's column", id="roadmap.highlight"),
        Binding("f", "full_width", "Contents",
                tooltip="hide or show the contents (for narrow terminals)", id="roadmap.full"),
        Binding("r", "review", "Review deck",
                tooltip="on Interviews: review the deck of the highlighted stage", id="roadmap.review"),
        Binding("m", "mock", "Mock round",
                tooltip="on Interviews: start that stage's mock round", id="roadmap.mock"),
        Binding("tab", "next_pane", "Next pane", show=False,
                tooltip="move to the next pane: contents, page, links, checklists",
                id="roadmap.next"),
        Binding("shift+tab", "next_pane(-1)", "Previous pane", show=False,
                tooltip="move to the previous pane", id="roadmap.previous"),
        Binding("space", "checklist", "Checklist", show=False,
                tooltip="on the page: jump to its checklist (there, space ticks an item)",
                id="roadmap.checklist"),
        Binding("escape", "leave_search", "Leave search",
                tooltip="leave the search box for its results", id="roadmap.leave_search"),
        Binding("escape", "leave", "Home",
                tooltip="back to Home", id="roadmap.home"),
    ]
    SEARCH_BOX = "#roadmap-query"  # `/` (`TypeAhead`)
    FOOTER_SECONDARY = frozenset({"forward"})
    # Keys typed while the screen opens go to the contents, not to the search box.
    AUTO_FOCUS = "#roadmap-contents"

    def __init__(self) -> None:
        super().__init__()
        self.roadmap = load()
        self.history: list[str] = []
        self.position = -1
        self.current: Page | None = None
        self.highlight: str | None = None  # the role whose matrix column stands out

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="roadmap"):
            with Vertical(id="roadmap-side"):
                yield Input(placeholder="/ search the roadmap", id="roadmap-query")
                yield OptionList(id="roadmap-contents")
                yield OptionList(id="roadmap-results")
            with VerticalScroll(id="roadmap-page"):
                yield Static(id="roadmap-progress")
                yield OptionList(id="roadmap-links")
                yield Markdown(id="roadmap-text")
                yield Vertical(id="roadmap-items")
        yield DrillFooter()

    def on_mount(self) -> None:
        self.sub_title = "Career roadmap"
        self.query_one("#roadmap-results").display = False
        self._build_contents()
        self.go("roles")
        self.set_focus(self.query_one("#roadmap-contents"))

    # --- contents and pages ---------------------------------------------------------------------

    def _pages(self) -> dict[str, Page]:
        return {page.slug: page for page in pages(self.roadmap, self.ctx.store.roadmap.target_role())}

    def _build_contents(self) -> None:
        contents = self.query_one("#roadmap-contents", OptionList)
        highlighted = contents.highlighted
        contents.clear_options()
        done = self.ctx.store.roadmap.done()
        for page in self._pages().values():
            indent = "  " if page.slug.startswith(("role:", "path:")) else ""
            items = [item.id for _, group in page.groups for item in group]
            count = f" [dim]{sum(i in done for i in items)}/{len(items)}[/]" if items else ""
            contents.add_option(Option(f"{indent}{page.label}{count}", id=page.slug))
        # Highlight from the start: with nothing highlighted, the first ↓ only highlighted the
        # top entry, and seemed lost.
        contents.highlighted = highlighted if highlighted is not None else 0

    async def show(self, slug: str) -> None:
        page = self._pages()[slug]
        self.current = page
        await self.query_one("#roadmap-text", Markdown).update(f"# {page.title}\n\n{page.markdown}")
        self._show_links(page)
        done = self.ctx.store.roadmap.done()
        box = self.query_one("#roadmap-items", Vertical)
        await box.remove_children()
        lists = []
        for i, (heading, items) in enumerate(page.groups):
            checklist = Checklist([(item.text, item.id, item.id in done) for item in items],
                                  save=self._save_tick, id=f"group-{i}", classes="roadmap-group")
            checklist.border_title = heading
            lists.append(checklist)
        if lists:
            await box.mount(Static("[b]Checklist[/] — tab reaches it; ↑↓ choose, space ticks "
                                   "(saved at once)", classes="hint"), *lists)
        if page.slug == "matrix":
            await box.mount(self._matrix_table())
        total = sum(len(items) for _, items in page.groups)
        ticked = sum(item.id in done for _, items in page.groups for item in items)
        role = self.ctx.store.roadmap.target_role()
        status = [f"Target role: [b]{ROLE_TITLES.get(role, role)}[/]" if role
                  else "No target role yet (t on a role's page sets it)"]
        if total:
            status.append(f"{ticked} of {total} ticked on this page")
        self.query_one("#roadmap-progress", Static).update(" · ".join(status))
        self.query_one("#roadmap-page", VerticalScroll).scroll_home(animate=False)
        self.sub_title = f"Career roadmap · {page.title}"  # last: the title says it is ready
        self.refresh_bindings()

    def _matrix_table(self) -> DataTable:
        matrix = self.roadmap.matrix
        role = self.highlight or self.ctx.store.roadmap.target_role() or matrix.roles[0]
        self.highlight = role
        table = DataTable(id="matrix-table", cursor_type="row", zebra_stripes=True)
        table.add_column("Skill", width=16)
        for slug in matrix.roles:
            style = "reverse bold" if slug == role else "bold"
            table.add_column(Text(SHORT_ROLES[slug], style=style), width=6)
        for skill in matrix.skills:
            cells = [Text(stars(matrix.ratings[skill][slug]),
                          style="bold underline" if slug == role else "")
                     for slug in matrix.roles]
            table.add_row(skill, *cells)
        return table

    def _show_links(self, page: Page) -> None:
        """On the interview page: the stages and question groups, each linked to practice."""
        links = self.query_one("#roadmap-links", OptionList)
        links.clear_options()
        if page.slug != "interview":
            links.display = False
            return
        prep = self.roadmap.interview
        for stage in prep.stages:
            mock = f" · m: {stage.mock_format} mock" if stage.mock_format else ""
            decks = f" · r: review {', '.join(stage.decks)}" if stage.decks else ""
            links.add_option(Option(f"Stage {stage.number}: {stage.name}{decks}{mock}",
                                    id=f"stage:{stage.number}"))
        for i, group in enumerate(prep.questions):
            links.add_option(Option(f"{group.area} questions · r: review {group.deck}",
                                    id=f"deck:{group.deck}#q{i}"))
        for i, area in enumerate(prep.study):
            links.add_option(Option(f"Study {area.name} · r: review {area.deck}",
                                    id=f"deck:{area.deck}#s{i}"))
        links.border_title = "Practise (r review · m mock round)"
        links.display = True
        links.highlighted = 0

    def go(self, slug: str) -> None:
        """Open a page and remember it for back and forward."""
        del self.history[self.position + 1:]
        self.history.append(slug)
        self.position = len(self.history) - 1
        self.run_worker(self.show(slug), exclusive=True, group="roadmap-page")

    # --- events ---------------------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#roadmap-contents")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.go(event.option.id)

    @on(OptionList.OptionSelected, "#roadmap-results")
    def _result(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            slug = event.option.id.split("#", 1)[0]
            self.go(slug)

    @reports_store_errors
    def _save_tick(self, item_id: str, ticked: bool) -> None:
        self.ctx.store.roadmap.set_done(item_id, ticked, epoch_ms(self.ctx.clock.now()))

    @on(Checklist.Toggled)
    @reports_store_errors
    def _ticked(self, event: Checklist.Toggled) -> None:
        self._build_contents()
        if self.current is not None:
            items = [i.id for _, g in self.current.groups for i in g]
            ticked = len(set(items) & self.ctx.store.roadmap.done())
            role = self.ctx.store.roadmap.target_role()
            head = f"Target role: [b]{ROLE_TITLES.get(role, role)}[/]" if role else \
                "No target role yet (t on a role's page sets it)"
            self.query_one("#roadmap-progress", Static).update(
                f"{head} · {ticked} of {len(items)} ticked on this page")

    @on(Input.Changed, "#roadmap-query")
    def _searching(self, event: Input.Changed) -> None:
        results = self.query_one("#roadmap-results", OptionList)
        contents = self.query_one("#roadmap-contents", OptionList)
        found = search(list(self._pages().values()), event.value)
        results.clear_options()
        for i, (page, snippet) in enumerate(found):
            results.add_option(Option(f"[b]{page.title}[/]\n[dim]{snippet}[/]",
                                      id=f"{page.slug}#{i}"))
        searching = bool(event.value.strip())
        results.display = searching
        contents.display = not searching
        if searching and not found:
            results.add_option(Option("No match.", disabled=True))

    @on(Input.Submitted, "#roadmap-query")
    def _search_done(self) -> None:
        results = self.query_one("#roadmap-results", OptionList)
        if results.display and results.option_count:
            results.highlighted = 0
            self.set_focus(results)

    # --- actions --------------------------------------------------------------------------------

    def _link(self) -> str | None:
        links = self.query_one("#roadmap-links", OptionList)
        if not links.display or links.highlighted is None:
            return None
        return links.get_option_at_index(links.highlighted).id

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.is_mounted:
            return True
        if isinstance(self.focused, Input):  # typing a search: only the way out shows
            return action == "leave_search"
        if action == "leave_search":
            return False
        if self.current is None:
            return True
        if action == "back":
            return self.position > 0 or None
        if action == "forward":
            return self.position < len(self.history) - 1 or None
        if action == "target":
            return self.current.slug.startswith("role:")
        if action == "highlight":
            return self.current.slug == "matrix"
        if action == "checklist":
            return self.focused is self.query_one("#roadmap-page")
        if action in ("review", "mock"):
            if self.current.slug != "interview":
                return False
            link = self._link() or ""
            if action == "mock":
                stage = self._stage(link)
                return bool(stage and stage.mock_format) or None
            return bool(link) or None
        return True

    def on_option_list_option_highlighted(self) -> None:
        self.refresh_bindings()

    def _stage(self, link: str):
        if not link.startswith("stage:"):
            return None
        number = int(link.split(":", 1)[1])
        return next(s for s in self.roadmap.interview.stages if s.number == number)

    def action_search(self) -> None:
        self.query_one("#roadmap-side").display = True  # also when the contents were hidden
        self.set_focus(self.query_one("#roadmap-query", Input))

    def _panes(self) -> list:
        """What tab moves between, in order: the contents (or search results), the page's links,
        the page text, each checklist, the skill matrix. The search box is reached with `/`."""
        panes = []
        if self.query_one("#roadmap-side").display:
            results = self.query_one("#roadmap-results", OptionList)
            panes.append(results if results.display else self.query_one("#roadmap-contents"))
        links = self.query_one("#roadmap-links", OptionList)
        if links.display:
            panes.append(links)
        panes.append(self.query_one("#roadmap-page", VerticalScroll))
        panes += list(self.query("#roadmap-items Checklist, #roadmap-items DataTable"))
        return panes

    def action_next_pane(self, step: int = 1) -> None:
        panes = self._panes()
        focused = self.focused
        index = next((i for i, pane in enumerate(panes) if pane is focused), -1)
        if index < 0 and step < 0:
            index = 0
        self.set_focus(panes[(index + step) % len(panes)])

    def action_checklist(self) -> None:
        """Space on the page text jumps to the page's first checklist."""
        checklists = list(self.query("#roadmap-items Checklist"))
        if checklists:
            self.set_focus(checklists[0])
            self.query_one("#roadmap-page", VerticalScroll).scroll_to_widget(checklists[0])
        else:
            self.notify("This page has nothing to tick.", timeout=2)

    def action_back(self) -> None:
        if self.position > 0:
            self.position -= 1
            self.run_worker(self.show(self.history[self.position]), exclusive=True,
                            group="roadmap-page")

    def action_forward(self) -> None:
        if self.position < len(self.history) - 1:
            self.position += 1
            self.run_worker(self.show(self.history[self.position]), exclusive=True,
                            group="roadmap-page")

    def action_leave_search(self) -> None:
        """Leave the search box; the results (if any) stay, and tab or ↓ reach them."""
        results = self.query_one("#roadmap-results", OptionList)
        if results.display and results.option_count:
            self.set_focus(results)
        else:
            self.query_one("#roadmap-query", Input).value = ""
            self.set_focus(self.query_one("#roadmap-contents"))

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def action_leave(self) -> None:
        query = self.query_one("#roadmap-query", Input)
        if query.value:
            query.value = ""
            self.set_focus(self.query_one("#roadmap-contents"))
            return
        self.app.switch_mode("home")

    def action_highlight(self) -> None:
        roles = list(self.roadmap.matrix.roles)
        current = self.highlight or roles[0]
        self.highlight = roles[(roles.index(current) + 1) % len(roles)]
        self.notify(f"Highlighting {ROLE_TITLES[self.highlight]}.", timeout=2)
        self.run_worker(self.show("matrix"), exclusive=True, group="roadmap-page")

    def action_full_width(self) -> None:
        side = self.query_one("#roadmap-side")
        if side.display:  # focus moves before the side hides, so the next key finds the page
            self.set_focus(self.query_one("#roadmap-page"))
        side.display = not side.display

    @reports_store_errors
    def action_target(self) -> None:
        if self.current is None or not self.current.slug.startswith("role:"):
            return
        role = self.current.slug.split(":", 1)[1]
        if role not in ROLE_SLUGS:
            return
        store = self.ctx.store
        new = None if store.roadmap.target_role() == role else role
        store.roadmap.set_target_role(new)
        self.notify(f"Target role: {ROLE_TITLES[role]}. Reviews and mock rounds now lean toward "
                    "its cards (due cards still all come up)." if new else
                    "Target role cleared.", timeout=5)
        self.run_worker(self.show(self.current.slug), exclusive=True, group="roadmap-page")

    def action_review(self) -> None:
        link = self._link()
        if link is None:
            return
        stage = self._stage(link)
        deck = stage.decks[0] if stage and stage.decks else link.split(":", 1)[1].split("#")[0]
        if stage and len(stage.decks) > 1:
            self.notify(f"Reviewing {deck}; the stage also uses {', '.join(stage.decks[1:])}.",
                        timeout=4)
        self.app.start_session(Filters(deck=deck))  # type: ignore[attr-defined]

    def action_mock(self) -> None:
        stage = self._stage(self._link() or "")
        if stage is not None and stage.mock_format:
            self.app.open_mock(stage.mock_format)  # type: ignore[attr-defined]

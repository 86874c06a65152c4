// The Qt Virtual Keyboard embedded in the kiosk window (common_qt/widgets/touch_keyboard.py):
// 简体中文 (Pinyin) and English only, at most 1280 px wide, its height reported to the widget.
// The Pinyin candidates are drawn at the kiosk's text size as far as the candidate bar allows
// (the style scales its own 44 px of a 2560-px design down to ~16 px on a kiosk's keyboard: too
// small for 适老化; the bar keeps the style's height — a taller one breaks the keyboard's own
// width-from-height layout, and the keys overflow the view).
import QtQuick
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings
import QtQuick.VirtualKeyboard.Styles

Item {
    id: root
    property real panelHeight: panel.height
    property real panelWidth: panel.width
    property int relayouts: 0  // times the candidates' items were made again (see the delegate)
    property int candidatePixelSize: 28  // set by the widget: the page's body text size or more
    // what the bar holds: the text at most 4/5 of its height
    readonly property int candidateTextSize: Math.min(
        candidatePixelSize, Math.floor(panel.keyboard.style.selectionListHeight * 0.8))

    function candidateBar() {
        var style = panel.keyboard.style
        return { "delegate": style.selectionListDelegate === candidateDelegate,
                 "height": style.selectionListHeight, "pixelSize": root.candidateTextSize,
                 "relayouts": root.relayouts }
    }

    function candidatePlaces() {
        var view = root.find(panel, "wordCandidateView")
        var out = []
        if (view === null)
            return out
        var items = view.contentItem.children
        for (var i = 0; i < items.length; i++) {
            var item = items[i]
            if (item.candidateText !== undefined && item.visible)
                out.push({ "text": item.candidateText, "x": item.x, "width": item.width })
        }
        out.sort(function (a, b) { return a.x - b.x })
        return out
    }

    // Every key a named button a screen reader can press (the keyboard was one unnamed block
    // with no keys), and Pinyin's syllable separator (') — disabled until letters are typed,
    // its label then drawn by the style at 5 % opacity: a blank key beside z that citizens
    // took for a broken shift key — labelled dimmed over it, so every key says what it is.
    property var keyNames: ({})  // set by the widget in the window's language (retranslate)
    property var dressedKeys: []
    property var labelledKeys: []
    Component {
        id: disabledLabel
        Text {
            property Item target: parent
            anchors.centerIn: parent
            z: 10
            visible: !target.enabled && target.displayText.length > 0
            text: target.displayText
            color: "#ffffff"
            opacity: 0.6
            font.pixelSize: Math.max(12, Math.round(target.height * 0.36))
        }
    }
    function keyName(item) {
        var types = QtVirtualKeyboard.KeyType
        var names = root.keyNames
        switch (item.keyType) {
        case types.BackspaceKey: return names.backspace || "⌫"
        case types.EnterKey: return names.enter || "⏎"
        case types.SpaceKey: return names.space || " "
        case types.HideKeyboardKey: return names.hide || "⌨"
        case types.ChangeLanguageKey: return names.language || item.displayText
        case types.ShiftKey: return names.shift || "⇧"
        case types.SymbolModeKey:
            return panel.keyboard.symbolMode ? (names.letters || item.displayText)
                                             : (names.symbols || item.displayText)
        }
        return item.displayText || item.text
    }
    function pressKey(item) {  // what a finger on the key does, for a screen reader's Press
        if (!item.enabled)
            return
        if (!item.noKeyEvent) {
            var upper = InputContext.uppercase && !item.noModifier
            InputContext.inputEngine.virtualKeyClick(
                item.key, upper ? item.text.toUpperCase() : item.text,
                upper ? Qt.ShiftModifier : Qt.NoModifier)
        }
        item.clicked()
    }
    function dressKeys(item) {
        if (item.keyPanelDelegate !== undefined && item.displayText !== undefined) {
            var filler = item.keyType === QtVirtualKeyboard.KeyType.FillerKey
            if (root.dressedKeys.indexOf(item) < 0) {
                root.dressedKeys.push(item)
                item.Accessible.role = filler ? Accessible.NoRole : Accessible.Button
                item.Accessible.ignored = filler
                if (!filler)
                    item.Accessible.pressAction.connect(function () { root.pressKey(item) })
            }
            if (!filler)
                item.Accessible.name = root.keyName(item)
            if (!item.enabled && item.displayText.length > 0
                    && root.labelledKeys.indexOf(item) < 0) {
                disabledLabel.createObject(item)
                root.labelledKeys.push(item)
            }
            return
        }
        for (var i = 0; i < item.children.length; i++)
            root.dressKeys(item.children[i])
    }
    onKeyNamesChanged: labelKeys.restart()
    Timer {  // after a layout is made (a language, the symbols) its keys are dressed
        id: labelKeys
        interval: 50
        onTriggered: {
            root.dressedKeys = root.dressedKeys.filter(function (k) { return k !== null })
            root.dressKeys(panel)
        }
    }
    Connections {
        target: InputContext
        function onLocaleChanged() { labelKeys.restart() }
        function onPreeditTextChanged() { labelKeys.restart() }
    }
    Connections {  // a layout made when the keys are first shown, or by &123
        target: panel.keyboard
        function onLayoutChanged() { labelKeys.restart() }
        function onLayoutTypeChanged() { labelKeys.restart() }
        function onSymbolModeChanged() { labelKeys.restart() }
    }
    onVisibleChanged: labelKeys.restart()
    onHeightChanged: labelKeys.restart()
    function disabledLabels() {  // the labels drawn now, for tests
        var out = []
        for (var i = 0; i < root.labelledKeys.length; i++) {
            var key = root.labelledKeys[i]
            if (key && key.visible && !key.enabled)
                out.push(key.displayText)
        }
        return out
    }

    // the keys on screen as a screen reader and the tests see them: what each says and does
    function keys() {
        var out = []
        root.collectKeys(panel, out)
        return out
    }
    function collectKeys(item, out) {
        if (item.keyPanelDelegate !== undefined && item.displayText !== undefined) {
            if (item.visible && item.width > 0) {
                var at = item.mapToItem(root, 0, 0)
                out.push({ "text": item.text, "displayText": item.displayText, "key": item.key,
                           "name": item.Accessible.name,
                           "enabled": item.enabled, "x": at.x, "y": at.y,
                           "width": item.width, "height": item.height,
                           "type": item.toString() })
            }
            return
        }
        for (var i = 0; i < item.children.length; i++)
            root.collectKeys(item.children[i], out)
    }

    // what the widget asks of the keyboard (tests type through the same engine a finger does)
    function press(key, text) { InputContext.inputEngine.virtualKeyClick(key, text, 0) }
    function candidates() {
        var model = InputContext.inputEngine.wordCandidateListModel
        var out = []
        for (var i = 0; i < model.count; i++)
            out.push(model.dataAt(i, 0))
        return out
    }
    function choose(index) { InputContext.inputEngine.wordCandidateListModel.selectItem(index) }
    function language() { return InputContext.locale }
    function setLanguage(locale) { VirtualKeyboardSettings.locale = locale }
    function reset() {
        InputContext.clear()
        VirtualKeyboardSettings.locale = "zh_CN"
    }

    InputPanel {
        id: panel
        width: root.width  // the widget narrows the view so the keys leave the page room
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.top: parent.top  // the widget takes the panel's height (panelHeight)
    }
    // the candidate list's items made again once their texts changed (see the delegate)
    Timer {
        id: relayout
        interval: 0
        onTriggered: {
            var view = root.find(panel, "wordCandidateView")
            if (view === null)
                return
            var model = view.model
            view.model = null
            view.model = model
            root.relayouts += 1
        }
    }
    function find(item, name) {
        if (item.objectName === name)
            return item
        for (var i = 0; i < item.children.length; i++) {
            var found = root.find(item.children[i], name)
            if (found !== null)
                return found
        }
        return null
    }
    // a candidate as the default style draws it, at the kiosk's size
    Component {
        id: candidateDelegate
        SelectionListItem {
            id: candidate
            readonly property string candidateText: display
            width: Math.round(label.width + root.candidateTextSize * 1.2)
            // a candidate whose text changed in place (身 → 身份证 as more Pinyin is typed)
            // keeps the place the list gave it at its old width — the list does not lay its
            // items out again (not even on forceLayout): the longer candidates were drawn over
            // each other at the one-character stride. The list's items are made again.
            // (only a width changed after the item was made: the items made again settle)
            property bool made: false
            Component.onCompleted: made = true
            onWidthChanged: if (made) relayout.restart()
            Text {
                id: label
                anchors.centerIn: parent
                text: display
                color: "#ffffff"
                opacity: candidate.ListView.isCurrentItem ? 1.0 : 0.9
                font.pixelSize: root.candidateTextSize
            }
            Rectangle {  // the separator between candidates
                width: 2
                height: root.candidateTextSize
                color: "#4f5b62"
                anchors.verticalCenter: parent.verticalCenter
                anchors.right: parent.left
            }
        }
    }
    Component.onCompleted: {
        panel.keyboard.style.selectionListDelegate = candidateDelegate
        VirtualKeyboardSettings.activeLocales = ["zh_CN", "en_US"]
        VirtualKeyboardSettings.locale = "zh_CN"
        // the candidate bar always there: the keys do not move under a finger when the first
        // key brings the Pinyin candidates
        VirtualKeyboardSettings.wordCandidateList.alwaysVisible = true
        labelKeys.restart()
    }
}

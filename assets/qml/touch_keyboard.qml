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
    property int candidatePixelSize: 28  // set by the widget: the page's body text size or more
    // what the bar holds: the text at most 4/5 of its height
    readonly property int candidateTextSize: Math.min(
        candidatePixelSize, Math.floor(panel.keyboard.style.selectionListHeight * 0.8))

    function candidateBar() {
        var style = panel.keyboard.style
        return { "delegate": style.selectionListDelegate === candidateDelegate,
                 "height": style.selectionListHeight, "pixelSize": root.candidateTextSize }
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
    // a candidate as the default style draws it, at the kiosk's size
    Component {
        id: candidateDelegate
        SelectionListItem {
            id: candidate
            width: Math.round(label.width + root.candidateTextSize * 1.2)
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
    }
}

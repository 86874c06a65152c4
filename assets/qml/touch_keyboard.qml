// The Qt Virtual Keyboard embedded in the kiosk window (common_qt/widgets/touch_keyboard.py):
// 简体中文 (Pinyin) and English only, at most 1280 px wide, its height reported to the widget.
import QtQuick
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings

Item {
    id: root
    property real panelHeight: panel.height
    property real panelWidth: panel.width

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
    Component.onCompleted: {
        VirtualKeyboardSettings.activeLocales = ["zh_CN", "en_US"]
        VirtualKeyboardSettings.locale = "zh_CN"
        // the candidate bar always there: the keys do not move under a finger when the first
        // key brings the Pinyin candidates
        VirtualKeyboardSettings.wordCandidateList.alwaysVisible = true
    }
}
